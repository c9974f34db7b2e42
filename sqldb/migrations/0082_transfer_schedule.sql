-- Payment schedules of transfer rents (issue #17 item 2, docs/DOMAIN.md
-- §8): 每年预付 (once a contract year on its first day, what every contract
-- entered before had), 年末支付 (on its last day), 半年付 (every half
-- contract year on its first day), 一次性支付 (the whole term on the first
-- day). The instalments are computed from it (policy.Rents).
ALTER TABLE land_transfers ADD COLUMN schedule TEXT NOT NULL DEFAULT '每年预付';
