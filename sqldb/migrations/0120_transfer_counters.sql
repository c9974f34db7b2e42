-- Land contracting and transfer as statistics counters (issue #16 item 7):
-- `report transfers` summed every running line of a region with its
-- parcel's class and its contract's household, and counted those
-- households' members, on every report (241 ms for a district of
-- 1,000,000 persons on SQLite). The contracted 耕地, the verified
-- contracts running with their area, rents, forms and transferee types,
-- and the households transferring land out with their members are now
-- the counter families land arable, land transfers and land transfer
-- households (sqldb/counters_land.go), kept in the same transaction as
-- the writes of parcels, contracts, transfers and household members.
--
-- A change of a household's members recounts the transferors whose
-- contract names the household: found by this index.
CREATE INDEX land_contracts_household ON land_contracts (household_id);

-- Count the three new families into the counters on the next open
-- (ensureCounters, addFamiliesMark), unless every family is to be counted
-- afresh anyway (built = '').
UPDATE stats_state SET built = 'add:land arable,land transfers,land transfer households' WHERE id = 1 AND built <> '';
