// A second process that takes a SQLite database's write lock, as a backup tool, `sqlite3`
// or a second server would: `node lock-holder.mjs <path> [exclusive|immediate]` prints
// `locked` once it holds BEGIN EXCLUSIVE (no one reads or writes) or BEGIN IMMEDIATE (others
// read, no one else writes), or `busy` and exits 3 if it cannot get it at once; it commits
// and exits when a line arrives on stdin.
import Database from 'libsql';
import { createInterface } from 'node:readline';

const db = new Database(process.argv[2]);
try {
  db.exec(process.argv[3] === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN EXCLUSIVE');
} catch (error) {
  console.log(error.code === 'SQLITE_BUSY' ? 'busy' : `error ${error.code}`);
  process.exit(3);
}
console.log('locked');
const lines = createInterface({ input: process.stdin });
lines.once('line', () => {
  db.exec('COMMIT');
  db.close();
  console.log('released');
  process.exit(0);
});
