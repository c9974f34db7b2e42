-- Rents in kind of transfer contracts (issue #17 item 2, docs/DOMAIN.md
-- §8): a contract may state its rent as a quantity of a commodity per 亩
-- and year (800斤稻谷/亩/年): rent_kind the commodity ('' for a rent in
-- money, in rent), rent_qty hundredths of a 斤 per 亩 and year. Each
-- instalment is converted to 元 at the commodity's price for its year
-- (policy transfer.kind_prices).
ALTER TABLE land_transfers ADD COLUMN rent_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE land_transfers ADD COLUMN rent_qty BIGINT NOT NULL DEFAULT 0 CHECK (rent_qty >= 0);
