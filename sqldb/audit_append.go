package sqldb

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Audit without a queue: group commit of the entries of reads.
//
// Every read of personal data is audited, and the audit log is one hash
// chain whose head (audit_head) every appending transaction locks until it
// commits. When each read appended its own entry in its own transaction,
// reads queued behind each other on that row, one commit each: 133 reads a
// second on PostgreSQL and 329 on SQLite with 50 clients, p99 about a
// second (docs/BENCHMARKS.md). Now:
//
//   - A read runs in a read-only transaction on the read pool (View), or
//     none (recordRead), concurrently with other readers; its entries are
//     collected, not written.
//   - One appender per open database (this file) takes the entries of
//     every read that has finished, in the order they arrive, and appends
//     them in one write transaction: one head lock, one head update and one
//     commit for all of them (group commit). While it commits, the entries
//     of the next reads gather for the next transaction; nothing waits on
//     a timer, so a lone read costs one commit as before, and under load a
//     commit carries as many entries as arrived during the previous one.
//   - The read returns, and its answer leaves the server, only once the
//     transaction that holds its entries has committed (each read waits on
//     its own channel); when the commit fails, the read fails: no answer
//     without its entry. An entry committed for a read whose client has
//     gone is harmless (the read was made).
//   - Writes keep their entries in their own transaction, atomic with the
//     write, appended just before it commits (Tx.appendAudit), so that a
//     write holds the head only for its last statements and its commit.
//     Writes and the appender's batches share the one chain: both take the
//     head, in whatever order they reach it, and number their entries on
//     from it. Reads no longer serialise (they take no lock at all) and
//     writes queue behind one batch at most, not behind every read.
//   - Processes: `shebao serve` and CLI commands on the same database each
//     have their own appender (and their own writes); all of them take the
//     same head row (PostgreSQL: its row lock; SQLite: the database's write
//     lock), so the chain stays one and gapless across processes. The lock
//     is taken once per batch instead of once per read.
//
// The alternatives were a chain per shard with a periodic root (verify
// would need every shard and the roots, and an anchor would name a set of
// heads) or writes routed through the appender too (they would lose the
// atomicity of a write and its entry, or every write would wait for a
// batch). One chain with batched appends keeps audit verify, anchors and
// the README's description as they were.
type auditAppender struct {
	db   *DB
	in   chan *auditWait
	quit chan struct{} // closed by close
	done chan struct{} // closed when the loop has ended
	run  sync.Once     // starts the loop on the first read
	stop sync.Once
	// waiting counts the reads whose entries are not yet committed.
	waiting atomic.Int64
	// committed counts the reads whose entries the loop has committed
	// (the tests tell by it that a read went through the appender).
	committed atomic.Int64
}

// auditWait is the entries of one read and where to say they are
// committed (or why not).
type auditWait struct {
	rows []*auditRow
	err  chan error // buffered: the loop never blocks on a reader that left
}

// auditBatchRows bounds the entries of one appender transaction: enough
// for hundreds of concurrent readers, small enough that one transaction
// stays short.
const auditBatchRows = 2048

var errAppenderClosed = errors.New("数据库已关闭,审计记录未能写入")

func newAuditAppender(db *DB) *auditAppender {
	return &auditAppender{db: db, in: make(chan *auditWait, 1024), quit: make(chan struct{}), done: make(chan struct{})}
}

// append commits the entries in the chain and returns once they are
// committed. ctx ending while the entries wait returns its error: the read
// is then not answered, whether or not its entries end up committed.
func (a *auditAppender) append(ctx context.Context, rows []*auditRow) error {
	if len(rows) == 0 {
		return nil
	}
	a.run.Do(func() { go a.loop() })
	w := &auditWait{rows: rows, err: make(chan error, 1)}
	a.waiting.Add(1)
	defer a.waiting.Add(-1)
	select {
	case a.in <- w:
	case <-a.quit:
		return errAppenderClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-w.err:
		return err
	case <-a.done:
		// The loop ended: it answered every entry it took, and this one
		// may have come in after its last look.
		select {
		case err := <-w.err:
			return err
		default:
			return errAppenderClosed
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// loop appends what has arrived, one transaction at a time, until close.
func (a *auditAppender) loop() {
	defer close(a.done)
	for {
		var batch []*auditWait
		select {
		case w := <-a.in:
			batch = append(batch, w)
		case <-a.quit:
			// Entries of reads still waiting are written before the end.
			for {
				select {
				case w := <-a.in:
					batch = append(batch, w)
					continue
				default:
				}
				break
			}
			if len(batch) > 0 {
				a.commit(batch)
			}
			return
		}
		n := len(batch[0].rows)
	more:
		for n < auditBatchRows {
			select {
			case w := <-a.in:
				batch = append(batch, w)
				n += len(w.rows)
			default:
				break more
			}
		}
		a.commit(batch)
	}
}

// commit appends the batch's entries in one transaction, in arrival order,
// and tells every reader the outcome.
func (a *auditAppender) commit(batch []*auditWait) {
	var rows []*auditRow
	for _, w := range batch {
		rows = append(rows, w.rows...)
	}
	// Not the readers' contexts: the batch serves all of them, and one
	// reader leaving must not fail the others.
	err := a.db.Update(context.Background(), func(tx *Tx) error {
		tx.entries = rows
		return nil
	})
	if err == nil {
		a.committed.Add(int64(len(batch)))
	}
	for _, w := range batch {
		w.err <- err
	}
}

// close stops the loop once it has written what it holds.
func (a *auditAppender) close() {
	a.stop.Do(func() {
		close(a.quit)
		a.run.Do(func() { close(a.done) }) // never started: nothing to wait for
		<-a.done
	})
}
