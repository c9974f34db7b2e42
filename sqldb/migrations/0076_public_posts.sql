-- 公益性岗位 (issue #19 item 5, docs/DOMAIN.md §10): posts created with
-- their funding at a unit, and the persons placed on them with the
-- subsidised term. The monthly subsidies themselves are benefits (kinds
-- public_post, post_insurance; source "post:<placement id>") created by an
-- approved determination and paid by the monthly payroll to the unit's
-- account.
CREATE TABLE public_posts (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    unit         TEXT NOT NULL,
    unit_uscc    TEXT NOT NULL DEFAULT '',
    funding      TEXT NOT NULL,
    places       INTEGER NOT NULL CHECK (places > 0),
    bank_account TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX public_posts_region ON public_posts (region_code);

CREATE TABLE post_placements (
    id          TEXT PRIMARY KEY,
    post_id     TEXT NOT NULL REFERENCES public_posts (id),
    id_no       TEXT NOT NULL REFERENCES persons (id_no),
    region_code TEXT NOT NULL,
    priority    TEXT NOT NULL,
    start_month TEXT NOT NULL,
    end_month   TEXT NOT NULL,
    months      INTEGER NOT NULL,
    explain     TEXT NOT NULL,
    approvals   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX post_placements_person ON post_placements (id_no, start_month);
CREATE INDEX post_placements_post ON post_placements (post_id, end_month);
