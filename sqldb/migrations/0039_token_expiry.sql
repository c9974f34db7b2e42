-- API tokens may expire: expires_at is when a token stops working ('' =
-- never, as every token issued before this migration).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
