-- Every request Alongside makes to the member's clinic, for the member to
-- read. Holds what was asked (method, address) and how it went; never a
-- token, code or verifier.
CREATE TABLE clinic_ledger (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,      -- RFC 3339, UTC
    action   TEXT NOT NULL,
    method   TEXT NOT NULL,
    url      TEXT NOT NULL,
    outcome  TEXT                -- NULL when it went through, else an error code
) STRICT;
