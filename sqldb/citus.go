package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Citus (the distributed PostgreSQL extension): when the database has the
// `citus` extension, Migrate, after the ordinary migrations, makes the
// reference data reference tables (a copy on every node), distributes the
// person's and the employer's records by hash of their key, and leaves the
// coordinator's own bookkeeping local. docs/SCALE.md explains the layout.
//
// CitusTables is the ONE place where every table of the schema is
// classified. TestCitusClassifiesEveryTable fails naming any table of the
// schema that is missing here (a new migration's table), and Migrate on a
// Citus database refuses to guess: it stops naming the table.

// CitusKind is how a table lives on a Citus cluster.
type CitusKind string

const (
	// CitusDistributed tables are split into shards by the hash of their
	// distribution column, all in one co-location group (the persons'), so
	// that rows with the same key value — a person's id_no, an employer's
	// USCC — live on the same worker and joins on that key run there.
	CitusDistributed CitusKind = "distributed"
	// CitusReference tables have a full copy on every node: joins with
	// them run anywhere, and every key and foreign key is kept; every
	// write goes to every node (two-phase commit).
	CitusReference CitusKind = "reference"
	// CitusLocal tables stay on the coordinator only: its bookkeeping,
	// never joined with the distributed data.
	CitusLocal CitusKind = "local"
)

// CitusTable is the classification of one table.
type CitusTable struct {
	Kind CitusKind
	// Column is the distribution column of a distributed table: part of
	// its primary key and of every unique key, as Citus requires.
	Column string
	// Why the table is classified so.
	Why string
}

const (
	whyPerson   = "a person's record: on the person's shard with her other records (id_no)"
	whyEmployer = "an employer's monthly bill and its lines: on the employer's shard (USCC, the bill's payer)"
	whyRef      = "reference data or a record whose keys do not carry the person or the employer (joined everywhere; see docs/SCALE.md for the step that would distribute it)"
	whyLocal    = "the coordinator's own bookkeeping, never joined with distributed data"
	// The enrollment family has the person's key since migration 0123 (a
	// merge of duplicates moves an enrollment by insert and delete).
	// A declaration (the wage an employer declares for a person and a
	// month) is read by the assessment with the person's enrollments,
	// their events and employments, in one statement: on the person's
	// shard it is joined there; an employer's declarations are listed
	// from every shard.
	whyDeclaration = "a person's declared wage of a month: assessed with the person's enrollments, events and employments on her shard (the lines go to the employer's)"
	whyEnrollment  = whyPerson + "; keyed with id_no since 0123: the assessment reads it with the declarations on her shard"
)

// CitusTables classifies every table of the schema. For a new table: a
// person's record whose primary key and unique keys all contain id_no is
// distributed by id_no; an employer's bill record keyed by the USCC, by that
// column; anything else is a reference table (a surrogate id without the
// person, or data every query joins); local only for the coordinator's own
// bookkeeping that no query joins with the rest. Then TestCitusKeys (on
// PostgreSQL) names any foreign key the choice makes impossible: classify
// otherwise, or list it in CitusDroppedForeignKeys when the store checks
// what it refers to itself.
var CitusTables = map[string]CitusTable{
	// The person's shard (distribution column id_no).
	"persons":                 {CitusDistributed, "id_no", whyPerson},
	"person_versions":         {CitusDistributed, "id_no", whyPerson},
	"individual_accounts":     {CitusDistributed, "id_no", whyPerson},
	"account_movements":       {CitusDistributed, "id_no", whyPerson},
	"contribution_years":      {CitusDistributed, "id_no", whyPerson},
	"flex_bases":              {CitusDistributed, "id_no", whyPerson},
	"flex_bill_lines":         {CitusDistributed, "id_no", whyPerson},
	"lumpsum_bill_lines":      {CitusDistributed, "id_no", whyPerson},
	"labor_register":          {CitusDistributed, "id_no", whyPerson},
	"labor_register_versions": {CitusDistributed, "id_no", whyPerson},
	"labor_derived":           {CitusDistributed, "id_no", whyPerson},
	"household_members":       {CitusDistributed, "id_no", whyPerson},
	"land_roster":             {CitusDistributed, "id_no", whyPerson},
	"training_enrolments":     {CitusDistributed, "id_no", whyPerson},
	"assist_case_members":     {CitusDistributed, "id_no", whyPerson},
	// A benefit, its amounts and its monthly payments (keys with id_no since
	// migration 0122): the payroll's chunk reads the benefit, its amount and
	// the account and writes the payment and the withdrawal on one shard.
	"benefits":         {CitusDistributed, "id_no", whyPerson + "; its key (id, id_no) since 0122"},
	"benefit_amounts":  {CitusDistributed, "id_no", whyPerson + "; the benefit's person (0122)"},
	"benefit_payments": {CitusDistributed, "id_no", whyPerson + "; its key (benefit_id, month, id_no) since 0122"},
	// A person's enrollments with their events and slots, her employments
	// and the wages declared for her (0123): the assessment's declared
	// lines are computed on her shard.
	"enrollments":       {CitusDistributed, "id_no", whyEnrollment},
	"enrollment_events": {CitusDistributed, "id_no", whyEnrollment},
	"enrollment_slots":  {CitusDistributed, "id_no", whyEnrollment},
	"employments":       {CitusDistributed, "id_no", whyEnrollment},
	"declarations":      {CitusDistributed, "id_no", whyDeclaration},

	// The employer's shard (distribution column: the USCC).
	"bills":                {CitusDistributed, "payer", whyEmployer + "; a person's or a resident's bill is on the payer's (id_no's) shard"},
	"bill_lines":           {CitusDistributed, "employer_uscc", whyEmployer},
	"bill_line_history":    {CitusDistributed, "employer_uscc", whyEmployer},
	"bill_reassessments":   {CitusDistributed, "payer", whyEmployer},
	"assessment_stage":     {CitusDistributed, "employer_uscc", whyEmployer},
	"assessment_employers": {CitusDistributed, "employer_uscc", whyEmployer + "; a run's employers that declared or had paying employees, gathered from the persons' shards (0124)"},

	// Reference data: regions, policy, schemes, the ledger's chart.
	"regions":           {CitusReference, "", "the region tree: joined by every scoped query"},
	"employers":         {CitusReference, "", "the employer registry (10⁵ in a province): joined with the persons' records (enrollments, employments) by their listings, which Citus can do only with a reference table (two distributed tables join only on their distribution column)"},
	"employer_versions": {CitusReference, "", "the employer registry's history"},
	"policy_params":     {CitusReference, "", "policy parameters: read by every computation"},
	"policy_loads":      {CitusReference, "", "policy files loaded"},
	"ledger_funds":      {CitusReference, "", "the funds (the chart of accounts)"},
	"ledger_accounts":   {CitusReference, "", "the ledger's accounts (the chart of accounts)"},

	// Records whose keys carry neither the person nor the employer: a
	// copy on every node until a migration gives them the key (docs/SCALE.md).
	"payments":                      {CitusReference, "", whyRef + "; unique (payer_kind, kind, receipt_no) across payers"},
	"allocations":                   {CitusReference, "", whyRef},
	"allocation_schemes":            {CitusReference, "", whyRef},
	"late_fees":                     {CitusReference, "", whyRef},
	"late_fee_collections":          {CitusReference, "", whyRef},
	"resident_bill_lines":           {CitusReference, "", whyRef},
	"benefit_backpays":              {CitusReference, "", whyRef},
	"benefit_payment_cancellations": {CitusReference, "", whyRef},
	"overpayments":                  {CitusReference, "", whyRef},
	"journal_entries":               {CitusReference, "", whyRef + "; unique (fund, kind, source) is the ledger's idempotency"},
	"journal_lines":                 {CitusReference, "", whyRef},
	"ledger_days":                   {CitusReference, "", whyRef + "; the journal lines summed per fund, account and day"},
	"ledger_entry_days":             {CitusReference, "", whyRef + "; the entries counted per fund and day"},
	"approvals":                     {CitusReference, "", whyRef},
	"duplicate_candidates":          {CitusReference, "", whyRef + "; a pair of two persons"},
	"hardship_certifications":       {CitusReference, "", whyRef},
	"unemployment_registrations":    {CitusReference, "", whyRef},
	"households":                    {CitusReference, "", whyRef},
	"zero_employment_households":    {CitusReference, "", whyRef},
	"medical_claims":                {CitusReference, "", whyRef},
	"hospital_settlements":          {CitusReference, "", whyRef},
	"certificates":                  {CitusReference, "", whyRef},
	"import_runs":                   {CitusReference, "", whyRef},
	"assist_cases":                  {CitusReference, "", whyRef},
	"public_posts":                  {CitusReference, "", whyRef},
	"post_placements":               {CitusReference, "", whyRef},
	"training_courses":              {CitusReference, "", whyRef},
	"village_conversions":           {CitusReference, "", whyRef},
	"land_batches":                  {CitusReference, "", whyRef},
	"land_batch_versions":           {CitusReference, "", whyRef},
	"land_funds":                    {CitusReference, "", whyRef},
	"land_issuers":                  {CitusReference, "", whyRef},
	"land_contracts":                {CitusReference, "", whyRef},
	"land_parcels":                  {CitusReference, "", whyRef},
	"land_contracting_versions":     {CitusReference, "", whyRef},
	"land_transfers":                {CitusReference, "", whyRef},
	"land_transfer_parcels":         {CitusReference, "", whyRef},
	"land_transfer_intents":         {CitusReference, "", whyRef},
	"land_transfer_reviews":         {CitusReference, "", whyRef},
	"land_rent_payments":            {CitusReference, "", whyRef},
	"land_disputes":                 {CitusReference, "", whyRef},
	"land_projects":                 {CitusReference, "", whyRef},
	"land_project_entries":          {CitusReference, "", whyRef},
	"land_project_plots":            {CitusReference, "", whyRef},
	// Added by the branches merged with the Citus layout (0069–0091).
	"assist_reliefs":             {CitusReference, "", whyRef},
	"insurance_subsidies":        {CitusReference, "", whyRef},
	"labor_exports":              {CitusReference, "", whyRef},
	"land_project_plot_versions": {CitusReference, "", whyRef},
	"land_project_resettlements": {CitusReference, "", whyRef},
	"land_transfer_loans":        {CitusReference, "", whyRef},
	"referrals":                  {CitusReference, "", whyRef},
	"vacancies":                  {CitusReference, "", whyRef},
	"vacancy_skills":             {CitusReference, "", whyRef},
	// 医疗救助 and 低保边缘 (medaid, 0096): with the claims and cases they
	// belong to.
	"assist_edge_households": {CitusReference, "", whyRef},
	"assist_edge_members":    {CitusReference, "", whyRef},
	"medical_aid_claims":     {CitusReference, "", whyRef},
	"stats_months":           {CitusReference, "", "statistics counters: joined with the region tree by every indicator"},
	"stats_years":            {CitusReference, "", "statistics counters"},
	"stats_check_months":     {CitusReference, "", "statistics counters' check"},
	"stats_check_years":      {CitusReference, "", "statistics counters' check"},
	"stats_totals":           {CitusReference, "", "statistics counters' running totals"},
	"stats_check_totals":     {CitusReference, "", "statistics counters' check"},
	"stats_state":            {CitusReference, "", "statistics counters' state"},
	"stats_denominators":     {CitusReference, "", "statistics denominators by region"},
	"stats_submissions":      {CitusReference, "", "districts' signed statistics files"},
	"stats_import_blocks":    {CitusReference, "", "districts' signed statistics files"},
	"stats_import_rows":      {CitusReference, "", "districts' signed statistics files"},
	// Statistics that travel upward, format 2 (issue #16 item 5).
	"stats_import_figures": {CitusReference, "", "funds, land and employers of the districts' statistics files"},
	"stats_trusted_keys":   {CitusReference, "", "keys of districts' statistics files"},

	// 特困人员救助供养 cases (tekun, migration 0094).
	"tekun_cases": {CitusReference, "", whyRef},

	// The coordinator's own bookkeeping.
	"schema_migrations": {CitusLocal, "", whyLocal + ": the applied migrations"},
	"audit_log":         {CitusLocal, "", whyLocal + ": the hash chain is appended in one order, on one node"},
	"audit_head":        {CitusLocal, "", whyLocal + ": the chain's head, the chain's one lock"},
	"batch_runs":        {CitusLocal, "", whyLocal + ": the job runner's records"},
	"users":             {CitusLocal, "", whyLocal + ": accounts"},
	"sessions":          {CitusLocal, "", whyLocal + ": sessions"},
	"api_tokens":        {CitusLocal, "", whyLocal + ": API tokens"},
	"login_failures":    {CitusLocal, "", whyLocal + ": login throttle"},
	"login_throttle":    {CitusLocal, "", whyLocal + ": login throttle"},
}

// CitusDroppedForeignKeys are the foreign keys Citus cannot hold under
// CitusTables (a reference table may not refer to a distributed one, and a
// distributed table may refer to another only on their shared distribution
// column), as "table(columns) -> table(columns)". On a Citus cluster
// Migrate drops them; on SQLite and single-node PostgreSQL they stay. The
// store does not depend on them: each write checks what it refers to
// itself (a person is looked up before her enrollment, benefit … is
// written) and a person is never deleted (a merge of duplicates marks her
// merged_into). TestCitusForeignKeys fails naming any foreign key of the
// schema that is neither holdable nor listed here.
var CitusDroppedForeignKeys = []string{
	// The records of 0069–0091 that name a person (each write looks the
	// person up first: the relief, the subsidy grant, the export, the
	// resettlement's plot head, the referral).
	"assist_reliefs(id_no) -> persons(id_no)",
	// medaid (0096): a 低保边缘 member is looked up before the record is written.
	"assist_edge_members(id_no) -> persons(id_no)",
	"insurance_subsidies(id_no) -> persons(id_no)",
	"labor_exports(id_no) -> persons(id_no)",
	"land_project_resettlements(head_id_no) -> persons(id_no)",
	"referrals(id_no) -> persons(id_no)",
	// 特困 cases (tekun, 0094): the application looks the person up first.
	"tekun_cases(id_no) -> persons(id_no)",
	"duplicate_candidates(id_no_a) -> persons(id_no)",
	"duplicate_candidates(id_no_b) -> persons(id_no)",
	"hardship_certifications(id_no) -> persons(id_no)",
	"households(head_id_no) -> persons(id_no)",
	"land_contracts(head_id_no) -> persons(id_no)",
	"land_project_plots(head_id_no) -> persons(id_no)",
	"land_transfer_parcels(transferor_id_no) -> persons(id_no)",
	"post_placements(id_no) -> persons(id_no)",
	"resident_bill_lines(id_no) -> persons(id_no)",
	"unemployment_registrations(id_no) -> persons(id_no)",
}

// ForeignKey is one foreign key of the schema.
type ForeignKey struct {
	Name                string
	Table, RefTable     string
	Columns, RefColumns []string
	Definition          string
}

func (k ForeignKey) String() string {
	return fmt.Sprintf("%s(%s) -> %s(%s)", k.Table, strings.Join(k.Columns, ", "), k.RefTable, strings.Join(k.RefColumns, ", "))
}

// CitusHoldable reports whether Citus can keep the foreign key under the
// classification: to a reference table from any table but a local one
// (kept local → reference too: Citus then makes the local table a "Citus
// local" table of the coordinator), between local tables, and between two
// distributed tables on their distribution columns.
func CitusHoldable(k ForeignKey) bool {
	c, p := CitusTables[k.Table], CitusTables[k.RefTable]
	switch {
	case p.Kind == CitusReference:
		return c.Kind == CitusReference || c.Kind == CitusDistributed
	case c.Kind == CitusLocal && p.Kind == CitusLocal:
		return true
	case c.Kind == CitusDistributed && p.Kind == CitusDistributed:
		// On the distribution column, alone or as one column of a
		// composite key (benefit_amounts (benefit_id, id_no) → benefits
		// (id, id_no)): the rows it pairs are then on one shard.
		for i, col := range k.Columns {
			if col == c.Column && i < len(k.RefColumns) && k.RefColumns[i] == p.Column {
				return true
			}
		}
		return false
	}
	return false
}

// SchemaTables lists the tables of the database's schema (for the
// classification's test and for Migrate on Citus).
func (db *DB) SchemaTables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if db.Dialect == Postgres {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
	}
	rows, err := db.write.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// ForeignKeys lists the foreign keys of the PostgreSQL schema.
func (db *DB) ForeignKeys(ctx context.Context) ([]ForeignKey, error) {
	if db.Dialect != Postgres {
		return nil, fmt.Errorf("ForeignKeys: PostgreSQL only")
	}
	rows, err := db.write.QueryContext(ctx, `
		SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text,
		       (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n)
		          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att),
		       (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(att, n)
		          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att),
		       pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
		WHERE c.contype = 'f' AND s.nspname = current_schema()
		ORDER BY 2, 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ks []ForeignKey
	for rows.Next() {
		var k ForeignKey
		var cols, refs string
		if err := rows.Scan(&k.Name, &k.Table, &k.RefTable, &cols, &refs, &k.Definition); err != nil {
			return nil, err
		}
		k.Columns, k.RefColumns = strings.Split(cols, ","), strings.Split(refs, ",")
		ks = append(ks, k)
	}
	return ks, rows.Err()
}

// IsCitus reports whether the database has the citus extension.
func (db *DB) IsCitus(ctx context.Context) (bool, error) {
	if db.Dialect != Postgres {
		return false, nil
	}
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_extension WHERE extname = 'citus'`).Scan(&n)
	return n > 0, err
}

// distribute lays the schema out on a Citus cluster (see CitusTables). It
// converts only the tables not yet converted, so a second run does nothing,
// and a table a later migration adds is converted by the migrate that adds
// it. Reference tables first (a distributed table's foreign keys point to
// them), then the distributed ones, all co-located with persons.
func (db *DB) distribute(ctx context.Context) ([]string, error) {
	tables, err := db.SchemaTables(ctx)
	if err != nil {
		return nil, err
	}
	var unclassified []string
	for _, t := range tables {
		if _, ok := CitusTables[t]; !ok {
			unclassified = append(unclassified, t)
		}
	}
	if len(unclassified) > 0 {
		return nil, fmt.Errorf("Citus: 表%s未在sqldb/citus.go的CitusTables中划分(分布、参照或本地),不能自动分布", strings.Join(unclassified, "、"))
	}
	// The tables laid out already, and those laid out otherwise than
	// CitusTables now says (a later release moved them: declarations went
	// from the employer's shard to the person's with migration 0123), which
	// are made local again and laid out anew.
	done, relay := map[string]bool{}, map[string]bool{}
	rows, err := db.write.QueryContext(ctx, `SELECT logicalrelid::regclass::text, partmethod,
		COALESCE(column_to_column_name(logicalrelid, partkey), '') FROM pg_dist_partition`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t, method, col string
		if err := rows.Scan(&t, &method, &col); err != nil {
			rows.Close()
			return nil, err
		}
		done[t] = true
		c, ok := CitusTables[t]
		if !ok {
			continue
		}
		// 'h': distributed by hash of col; 'n': a reference table.
		if (c.Kind == CitusDistributed) != (method == "h") || c.Kind == CitusDistributed && c.Column != col {
			relay[t], done[t] = true, false
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := db.citusSettings(ctx); err != nil {
		return nil, err
	}
	todo := map[string]bool{}
	for _, t := range tables {
		if c := CitusTables[t]; c.Kind != CitusLocal && !done[t] {
			todo[t] = true
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	// Foreign keys touching a table to convert are dropped first (Citus
	// converts a table only when its keys already fit) and those it can
	// hold are added back once every table is in place.
	keys, err := db.ForeignKeys(ctx)
	if err != nil {
		return nil, err
	}
	// One transaction: a failure half-way (a table Citus refuses) leaves the
	// schema as it was, foreign keys included, for the next migrate.
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`); err != nil {
		return nil, err
	}
	dropped := map[string]bool{}
	for _, s := range CitusDroppedForeignKeys {
		dropped[s] = true
	}
	var readd []ForeignKey
	for _, k := range keys {
		if !todo[k.Table] && !todo[k.RefTable] {
			continue
		}
		if !CitusHoldable(k) && !dropped[k.String()] {
			return nil, fmt.Errorf("Citus: 外键%s无法保留,也未列入sqldb/citus.go的CitusDroppedForeignKeys", k)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, k.Table, k.Name)); err != nil {
			return nil, fmt.Errorf("Citus: 删除外键%s失败: %w", k, err)
		}
		if CitusHoldable(k) {
			readd = append(readd, k)
		}
	}
	names := make([]string, 0, len(todo))
	for t := range todo {
		names = append(names, t)
	}
	sort.Strings(names)
	var converted []string
	for _, t := range names {
		if !relay[t] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SELECT undistribute_table($1)`, t); err != nil {
			return nil, fmt.Errorf("Citus: 表%s重新分布前还原失败: %w", t, err)
		}
		converted = append(converted, t+" (laid out again)")
	}
	for _, t := range names {
		if CitusTables[t].Kind != CitusReference {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SELECT create_reference_table($1)`, t); err != nil {
			return nil, fmt.Errorf("Citus: 参照表%s失败: %w", t, err)
		}
		converted = append(converted, t+" (reference)")
	}
	// persons first: the co-location group's first table.
	sort.SliceStable(names, func(i, j int) bool { return names[i] == "persons" && names[j] != "persons" })
	for _, t := range names {
		c := CitusTables[t]
		if c.Kind != CitusDistributed {
			continue
		}
		var err error
		if t == "persons" {
			_, err = tx.ExecContext(ctx, `SELECT create_distributed_table($1, $2)`, t, c.Column)
		} else {
			_, err = tx.ExecContext(ctx, `SELECT create_distributed_table($1, $2, colocate_with => 'persons')`, t, c.Column)
		}
		if err != nil {
			return nil, fmt.Errorf("Citus: 分布表%s(%s)失败: %w", t, c.Column, err)
		}
		converted = append(converted, t+" (distributed by "+c.Column+")")
	}
	for _, k := range readd {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, k.Table, k.Name, k.Definition)); err != nil {
			return nil, fmt.Errorf("Citus: 恢复外键%s失败: %w", k, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("Citus: 分布失败: %w", err)
	}
	return converted, nil
}

// UniqueKeys lists the columns of the primary key and of every unique
// index of a PostgreSQL table.
func (db *DB) UniqueKeys(ctx context.Context, table string) ([][]string, error) {
	rows, err := db.write.QueryContext(ctx, `
		SELECT (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(att, n)
		          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att)
		FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys [][]string
	for rows.Next() {
		var cols string
		if err := rows.Scan(&cols); err != nil {
			return nil, err
		}
		keys = append(keys, strings.Split(cols, ","))
	}
	return keys, rows.Err()
}

// citusSettings are the engine switches the store's SQL needs on a Citus
// cluster, set for the database (ALTER DATABASE … SET: every later session
// has them; Migrate then drops its pool's idle sessions, which do not):
//
//   - citus.multi_shard_modify_mode = sequential: a transaction that writes
//     a reference table after a multi-shard statement (the demo's
//     households after the persons of many shards; an assessment's bills
//     after their lines) must use one connection per node, or Citus refuses
//     it ("cannot modify table … because there was a parallel operation on
//     a distributed table"): the distributed tables have foreign keys to
//     reference tables. The cost: a multi-shard write runs its shards of a
//     node one after the other instead of in parallel (docs/SCALE.md).
//   - citus.enable_repartition_joins = on: an inner join of two distributed
//     tables on a column other than their distribution column (a bill's
//     lines, on the employer's shard, with the persons they name, on theirs)
//     is answered by repartitioning instead of refused.
func (db *DB) citusSettings(ctx context.Context) error {
	var name string
	if err := db.write.QueryRowContext(ctx, `SELECT current_database()`).Scan(&name); err != nil {
		return err
	}
	for _, set := range []string{
		`citus.multi_shard_modify_mode TO 'sequential'`,
		`citus.enable_repartition_joins TO on`,
	} {
		if _, err := db.write.ExecContext(ctx, `ALTER DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`" SET `+set); err != nil {
			return fmt.Errorf("Citus: 设置%s失败: %w", set, err)
		}
	}
	// The pool's sessions opened before the settings do not have them.
	db.write.SetMaxIdleConns(0)
	db.write.SetMaxIdleConns(20)
	if db.read != db.write {
		db.read.SetMaxIdleConns(0)
		db.read.SetMaxIdleConns(20)
	}
	return nil
}
