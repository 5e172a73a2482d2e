-- Sign-in throttling counters (crates/core/src/throttle.rs): one row per key
-- (`pair:<email>|<address>`, `account:<email>`, `addr:<address>`), read and
-- written under a lock before a password is checked. They replace the rows of
-- login_failure, which were counted after the check and so raced.
DROP TABLE login_failure;

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    attempts     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    last_at      INTEGER NOT NULL
);
-- Counters quiet for a day mean nothing any more and are pruned (Hub::sign_in).
CREATE INDEX login_throttle_last_at ON login_throttle (last_at);
