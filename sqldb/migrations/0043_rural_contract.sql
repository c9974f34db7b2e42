-- 农民合同制工人 (失业保险条例 第六条、第二十一条): whether an employment
-- (单位参保期间) is a rural contract worker's. It is a fact of the
-- employment, recorded by the clerk at 增员 with the labour contract in
-- hand, not of the person: the same farmer hired later on an ordinary
-- contract pays the individual unemployment contribution. 0 = no, 1 = yes.
ALTER TABLE employments ADD COLUMN rural_contract INTEGER NOT NULL DEFAULT 0;
