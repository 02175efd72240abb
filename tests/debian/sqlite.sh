# debian/sqlite: Debian's sqlite3 (dynamic: libsqlite3, libreadline, zlib) on database
# files in /tmp. A table made, filled and read back by separate runs; then locking, which
# sqlite does with fcntl record locks on the file: while one sqlite3 holds an EXCLUSIVE
# transaction open, another's write and read are refused ("database is locked"), and a
# writer with a busy timeout waits and gets in after the COMMIT. Then a database in WAL
# mode, whose readers and writer share its -shm file through MAP_SHARED mappings.
# timeout: 180
PATH=/usr/bin:/bin
db=/tmp/x.db
rm -f $db /tmp/held /tmp/go
sqlite3 $db 'CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);' && echo "create: exit $?"
sqlite3 $db "INSERT INTO t(name) VALUES ('one'), ('two');" && echo "insert: exit $?"
sqlite3 $db 'SELECT id, name FROM t ORDER BY id;'
sqlite3 -header -column $db "SELECT count(*) AS n, group_concat(name, '+') AS names FROM t;"

# One sqlite3 takes the lock and says so (a file written by .output), then waits for /tmp/go.
{
	echo 'BEGIN EXCLUSIVE;'
	echo "INSERT INTO t(name) VALUES ('three');"
	echo '.output /tmp/held'
	echo '.print held'
	echo '.output stdout'
	while [ ! -e /tmp/go ]; do sleep 0.1; done
	echo 'COMMIT;'
} | sqlite3 $db &
holder=$!
while [ ! -s /tmp/held ]; do sleep 0.1; done
echo "holder: $(cat /tmp/held)"
sqlite3 $db "INSERT INTO t(name) VALUES ('four');"; echo "write while locked: exit $?"
sqlite3 $db 'SELECT count(*) FROM t;'; echo "read while locked: exit $?"
{ sleep 1; touch /tmp/go; } &
sqlite3 -cmd '.timeout 20000' $db "INSERT INTO t(name) VALUES ('five');"
echo "write with a busy timeout: exit $?"
wait $holder; echo "holder: exit $?"
wait
sqlite3 $db 'SELECT id, name FROM t ORDER BY id;'
sqlite3 $db 'PRAGMA integrity_check;'
rm -f /tmp/go

# WAL: the -wal file holds the new pages, the -shm file (mapped shared) their index. A
# reader in a transaction keeps its snapshot while another process writes.
wal=/tmp/wal.db
rm -f $wal $wal-wal $wal-shm /tmp/reading
sqlite3 $wal 'PRAGMA journal_mode=WAL; CREATE TABLE k(v); INSERT INTO k VALUES (1), (2), (3);'
{
	echo 'BEGIN;'
	echo 'SELECT sum(v) FROM k;'
	echo '.output /tmp/reading'
	echo '.print reading'
	echo '.output stdout'
	while [ ! -e /tmp/go ]; do sleep 0.1; done
	echo 'SELECT sum(v) FROM k;'
	echo 'COMMIT;'
} | sqlite3 $wal > /tmp/reader.out &
while [ ! -s /tmp/reading ]; do sleep 0.1; done
sqlite3 $wal 'INSERT INTO k VALUES (10);' && echo "WAL write beside a reader: exit $?"
touch /tmp/go
wait
echo "the reader's two sums, in its transaction:" $(cat /tmp/reader.out)
sqlite3 $wal 'SELECT sum(v) FROM k;'
sqlite3 $wal 'PRAGMA wal_checkpoint(TRUNCATE);' && sqlite3 $wal 'PRAGMA journal_mode=DELETE;'
rm -f $db $wal /tmp/held /tmp/go /tmp/reading /tmp/reader.out
echo done
