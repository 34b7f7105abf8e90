#!/usr/bin/env bash
# Rebuilds first-release.db: the schema of the first migration (20261122000000_Initial, the first released
# schema) with a few rows, for MigrationFromFirstReleaseTests. Run from the repository root after a Release build;
# the result is committed, so this only documents (and can repeat) how it was made.
set -euo pipefail
readonly OUT="$PWD"/tests/SftpJail.Data.Tests/Fixtures/first-release.db
rm -f "$OUT" "$OUT-wal" "$OUT-shm"
dotnet tool restore >/dev/null
dotnet ef database update 20261122000000_Initial --project migrations --configuration Release --no-build -- "Data Source=$OUT"
# Times are UTC ticks (UtcTicksConverter): 2026-11-22 10:00, 10:05 and 11:00.
sqlite3 "$OUT" <<'SQL'
PRAGMA foreign_keys=ON;
INSERT INTO AspNetRoles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES ('role-customer', 'Customer', 'CUSTOMER', 'c1');
INSERT INTO AspNetUsers (Id, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash,
    SecurityStamp, ConcurrencyStamp, PhoneNumber, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnd, LockoutEnabled, AccessFailedCount)
  VALUES ('user-ada', 'Ada Customer', 'ada@example.org', 'ADA@EXAMPLE.ORG', 'ada@example.org', 'ADA@EXAMPLE.ORG', 1,
    'AQAAAAIAAYagAAAAEFixtureHashNotARealOneAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==', 'STAMP1', 'cs1', NULL, 0, 0, NULL, 1, 0);
INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ('user-ada', 'role-customer');
INSERT INTO Sites (Id, Domain, Enabled, Status, CreatedAt, LastAppliedAt, LastError, CustomerAccountId)
  VALUES (1, 'shop.example.org', 1, 'Applied', 639309384000000000, 639309387000000000, NULL, 'user-ada'),
         (2, 'old.example.net', 0, 'Failed', 639309387000000000, NULL, 'sshd -t rejected the drop-in', NULL);
INSERT INTO SftpAccounts (Id, SiteId, UserName, ReadOnly, KeyOnly, Disabled, HasPassword, CreatedAt)
  VALUES (1, 1, 'shop', 0, 0, 0, 1, 639309384000000000),
         (2, 1, 'shopro', 1, 1, 0, 0, 639309387000000000),
         (3, 2, 'oldnet', 0, 0, 1, 1, 639309387000000000);
INSERT INTO AuthorizedKeys (Id, AccountId, Algorithm, Fingerprint, Comment, Line, AddedAt)
  VALUES (1, 2, 'ssh-ed25519', 'SHA256:1ydoJAdBOu6Zw6mqQmmDOhtrra5V77+035+jE49p8Es', 'fixture@example.org',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICH8NuJrMDipGYg/fYIb79sN510MWyBWiDs9t+sLSJ7M fixture@example.org', 639309387000000000);
INSERT INTO AuditEntries (Id, At, Actor, Action, Target, Before, After, Result, Error, Detail, PreviousHash, Hash)
  VALUES (1, 639309384000000000, 'admin@example.org', 'site.add', 'shop.example.org', NULL, '{"domain":"shop.example.org"}', 'applied', NULL, NULL,
    '0000000000000000000000000000000000000000000000000000000000000000', '1111111111111111111111111111111111111111111111111111111111111111'),
         (2, 639309420000000000, 'admin@example.org', 'site.add', 'old.example.net', NULL, '{"domain":"old.example.net"}', 'failed',
    'sshd -t rejected the drop-in', NULL,
    '1111111111111111111111111111111111111111111111111111111111111111', '2222222222222222222222222222222222222222222222222222222222222222');
SQL
# One file, no journal beside it.
sqlite3 "$OUT" 'PRAGMA journal_mode=DELETE; VACUUM;' >/dev/null
