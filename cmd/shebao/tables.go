package main

// The tables of the CLI, in one place: every command, batch job,
// determination kind, import kind and report kind, with its usage line.
// They are plain lists, not registered from init functions, so that
// `shebao help` and this file say the same thing in the same order.

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/ingest"
)

// Usage lines that their commands also print.
const (
	usageDeterminerPension         = "determine pension ID_NO [--group 女工人|女干部] [--deemed-months N] [--deemed-index I] [--retire YYYY-MM] [--bank ACCOUNT] [--preview] [--json] --as USER"
	usageDeterminerResidentPension = "determine resident-pension ID_NO [--retire YYYY-MM] [--bank ACCOUNT] [--preview] [--json] --as USER"
	usageDeterminerUnemployment    = "determine unemployment ID_NO --from YYYY-MM [--bank ACCOUNT] [--preview] [--json] --as USER   失业保险金"
	usageDeterminerMaternity       = "determine maternity ID_NO --employer USCC --birth-date YYYY-MM-DD [--difficult] [--babies N] [--month YYYY-MM] [--bank ACCOUNT] [--preview] [--json] --as USER   生育津贴"
	usageDeterminerInjury          = "determine injury ID_NO --grade N --injury-date YYYY-MM-DD [--month YYYY-MM] [--bank ACCOUNT] [--preview] [--json] --as USER   一次性伤残补助金"
	usageJobPayroll                = "run payroll --month YYYY-MM [--out DIR] [--as USER] [--json]"
	usageJobHospitalSettlement     = "run hospital-settlement --month YYYY-MM [--as USER] [--json]   医疗费用结算拨付:按医院、险种结算当月及以前出院的结算单,提交复核后拨付"
	usageJobAdjustment             = "run adjustment --year YYYY [--month YYYY-MM] [--json]"
	usageJobInterest               = "run interest --year YYYY [--json]"
	usageJobAssessment             = "run assessment --month YYYY-MM [--json]"
	usageJobLandAllowances         = "run land-allowances --month YYYY-MM [--as USER] [--json]   被征地农民:到龄人员的生活保障金、标准变动"
	usageReportKind                = "report KIND [--region CODE] [--date YYYY-MM-DD | --from YYYY-MM --to YYYY-MM] [--by 指标] [--json | --xlsx FILE] [--as USER]"
	usageReportSummary             = "report summary [--region CODE] [--date YYYY-MM-DD] [--format md|html|pdf] [--out FILE] [--font FILE] [--as USER]   工作报告“城乡社保情况”(由统计数据撰写)"
	usageReportDenominators        = "report denominators set --region CODE --year YYYY --measure 170|390|pension|… --value N --source 来源 [--as USER] | list [--region CODE] --year YYYY [--json]   应参保人数等分母"
	usageReportVerify              = "report verify [--json]   统计计数与记录全量重算核对(只读)"
	usageReportRebuild             = "report rebuild   按记录全量重算统计计数"
)

// commands is the command table, in the order `shebao help` lists them.
var commands = []command{
	{"demo", "demo [--addr HOST:PORT] [--persons N] [--no-serve] [--admin-password P] [--reset-passwords] [--tls-cert F --tls-key F] [--trusted-proxy CIDR,…]   建立演示区县(金凤区)并启动服务(--no-serve 只建数据;演示账户首次建立时生成密码并显示,再次启动保留原密码,--reset-passwords 重新生成)", runDemo},
	{"serve", "serve [--addr HOST:PORT] [--tls-cert F --tls-key F] [--trusted-proxy CIDR,…]   启动Web服务与API(HTTPS、反向代理)", runServe},
	{"migrate", "migrate                                  升级数据库结构", runMigrate},
	{"import", "import KIND FILE [--json] [--errors-out F.xlsx]   导入文件(人员、单位、区划、参保、申报、到账、历年缴费、理赔、征地、名单、确权地块、流转合同、低保申请……)", runImport},
	{"check", "check id NUMBER | check uscc CODE | check region CODE [--json]   校验号码", runCheck},
	{"show", "show person NUMBER | show employer USCC [--json]   查询", runShow},
	{"version", "version                                  显示版本", runVersion},
	{"backpays", "backpays [--month YYYY-MM] [--id ID_NO] [--region CODE] [--json]   待遇补发明细(调整后已发月份的差额,随月度发放)", runBackPays},
	{"writeoff", "writeoff BENEFIT_ID YYYY-MM --reason 原因 --as USER   多发待遇无法追回的核销(经办,待复核)", runWriteOff},
	{"bench", "bench [NAME…] [--rows N] [--seconds S] [--existing DB] [--json]   性能基准(与数据库原生批量写入对比);不改动 --db 指定的库(indicators、pages、http --existing:在 shebao gen 生成的库上计时)", runBench},
	{"calc", "calc pension --wage C --index I --years N --balance B --age A [--deemed-years D --transition-rate R] [--json]   养老金试算", runCalc},
	{"benefits", "benefits ID_NO [--json] [--as USER]            本人待遇及每次金额的计算说明", runBenefits},
	{"benefit", "benefit suspend|resume|stop BENEFIT_ID --month YYYY-MM --reason 原因 --as USER   暂停、恢复、终止发放", runBenefitChange},
	{"run", "run JOB …  批处理: assessment 月度核定, interest 年度计息, payroll 月度发放 …", runBatch},
	{"bill", "bill USCC YYYY-MM [--json]                 查看单位某月应缴账单及每行计算说明", runBill},
	{"determine", "determine KIND ID_NO … --as USER   待遇核定(经办,待复核): pension, resident-pension, unemployment …", runDetermine},
	{"flex-correct", "flex-correct --receipt NO --ref 原回单号 --date D --reason 原因 --as 经办人   灵活就业缴费更正(冲正),须另一用户复核", runFlexCorrect},
	{"flex-refund", "flex-refund --receipt NO --ref 原回单号 --amount 元 --date D [--reason 原因] --as 经办人   灵活就业缴费退费(退还暂收款),须另一用户复核", runFlexRefund},
	{"gen", "gen --persons N [--seed S] [--json] [--cpuprofile FILE]   生成合成区县数据(区划、人员、单位、参保;批处理任务,中断后重新运行即续完;每批打印进度)", runGen},
	{"history", "history ID_NO [--json]                     历年缴费记录(迁移的年度缴费记录)", runHistory},
	{"hospitals",
		"hospitals [--month YYYY-MM] [--hospital 名称] [--json]   医疗费用结算拨付:各医院结算单数、应拨付金额、拨付状态",
		runHospitals},
	{"land",
		"land show BATCH | accept BATCH [--date D] --as 经办人 | fund BATCH --payer 政府|集体|个人 --amount 元 --date D --receipt NO --as 财务 | warnings [--region CODE] [--json]   被征地农民即征即保",
		runLand},
	{"ledger", "ledger check [--json] | ledger status [--date YYYY-MM-DD] [--json] | " + usageLedgerAssist + "   基金账务:借贷平衡校验;基金结余与抗风险支付能力;社会救助资金财政补助到账、救助支出调整(自910基金)", runLedger},
	{"resident", "resident pay --receipt NO --id ID --scheme 170|390 --year YYYY [--tier 元] --date YYYY-MM-DD | resident show ID | resident refund|correct --receipt NO --ref 原票据号 --reason R --as USER  城乡居民年度缴费(退费、冲正须复核)", runResident},
	{"lumpsum", "lumpsum register --region CODE --date YYYY-MM-DD | join --region CODE ID… | quote --region CODE | pay … | report [--region CODE] | refund|correct --receipt NO --ref 原票据号 --reason R --as USER  村改居一次性补缴(退费、冲正须复核)", runLumpSum},
	{"statement", "statement ID --year YYYY [--json] [--xlsx FILE]   个人账户年度对账单", runStatement},
	{"certificate", usageCertificate, runCertificate},
	{"flex", "flex register --id ID --from YYYY-MM [--to YYYY-MM] --base 元 | assess --month YYYY-MM | pay --receipt NO --id ID --amount 元 --date D | arrears ID [--date D]  灵活就业", runFlex},
	{"arrears", "arrears USCC [--date YYYY-MM-DD] [--json]   单位欠费及滞纳金(每日万分之五)", runArrears},
	{"payroll", "payroll show --month YYYY-MM [--region CODE] [--json] | file --month YYYY-MM [--out DIR] [--all]   月度待遇发放汇总、银行代发文件", runPayrollCmd},
	{"overpayments", "overpayments [--region CODE] [--status 待追回] [--json] | detect | recover BENEFIT_ID YYYY-MM --receipt 回单号 --date YYYY-MM-DD --amount 元 --as USER   多发待遇(死亡冒领)追回", runOverpayments},
	{"policy", "policy load FILE | policy show [--region CODE] [--date YYYY-MM-DD] | policy history KEY [--json]   政策参数", runPolicy},
	{"payment", "payment refund --receipt NO --ref 原回单号 --amount 元 --date D [--reason 原因] | correct --receipt NO --ref 原回单号 --date D --reason 原因  --as 经办人   退费、更正(冲正),须另一用户复核", runPayment},
	{"payments", "payments apply USCC [--date D] --as USER | suspense USCC | late-fees USCC [--month YYYY-MM]   暂收款冲抵应缴、暂收款余额、已核定滞纳金", runPayments},
	{"scan", "scan duplicates [--json]                 全区重复参保与疑似重复登记扫描", runScan},
	{"match", "match insured|dibao|death FILE [--json]  外部名单比对(外地参保、低保、死亡登记)", runMatch},
	{"duplicates", "duplicates list [--as 用户] | merge KEEP DROP --as 经办人 | dismiss A B [--note 说明] [--as 经办人]   疑似重复登记复核(只列两人均在本辖区的一对)", runDuplicates},
	{"approvals", "approvals list [--as 用户] | approve ID | reject ID --note 原因  --as 复核人   经办→复核队列(只列该用户角色可查看、辖区内的业务)", runApprovals},
	{"report", "report KIND --region CODE (--date D | --from YYYY-MM --to YYYY-MM) [--json | --xlsx FILE] | report summary | denominators | verify | rebuild | keygen | export | trust | import | submissions   统计指标(五级区划、任意日期): insured, enrollment, coverage, contributions, benefits, medical, land, funds, subsidies, ranking, trend …", runReport},
	{"user", "user add NAME --role ROLE [--line LINE] --region CODE [--display 姓名] [--id-no 身份证号] [--employer USCC] | user list | user disable|enable NAME | user passwd NAME [--revoke-tokens]   用户(密码从标准输入读取第一行)", runUser},
	{"token", "token create NAME [--label 说明] [--expires 90d] | token list [NAME] | token revoke ID [--json]   API令牌(可设有效期;列表显示最近使用时间)", runToken},
	// 就业 (employ, issue #19): the labour register.
	{"labor", usageLabor, runLabor},
	{"employ", usageEmploy, runEmploy},
	{"post", usagePost, runPost},
	// 职业培训 (employ, issue #19 item 3).
	{"training", usageTraining, runTraining},
	// 职业介绍 (employ, issue #19 items 4 and 7): vacancies, matching,
	// referrals; labour export is `labor export` (placement_cmds.go).
	{"vacancy", usageVacancy, runVacancy},
	// 社会保险补贴 of employers and flexible workers (employ, issue #19 item 5).
	{"subsidy", usageSubsidy, runSubsidy},
	// Land contracting and transfer (package transfer).
	{"transfers", usageTransfers, runTransfers},
	// 增减挂钩 project ledger (package transfer, issue #17 item 7).
	{"landprojects", usageLandProjects, runLandProjects},
	{"audit", "audit verify [--anchor FILE] | audit anchor [--out FILE] | audit show --person 身份证号 [--actor NAME] [--json]   审计日志(锚点防截断)", runAudit},

	// 社会救助 (assist): social assistance, issue #18.
	{"assist", usageAssist, runAssist},
}

// importers are the kinds of file `shebao import` reads.
var importers = map[string]func(context.Context, *app.App, string, ingest.Options) (*ingest.Summary, error){
	"persons":                ingest.Persons,
	"employers":              ingest.Employers,
	"regions":                ingest.Regions,
	"enrollments":            ingest.Enrollments,
	"declarations":           ingest.Declarations,
	"contribution-history":   ingest.History,
	"flex-bases":             ingest.FlexBases,
	"expropriations":         ingest.Expropriations,
	"roster":                 ingest.Roster,
	"claims":                 ingest.Claims,
	"resident-contributions": ingest.ResidentContributions,
	"lumpsum-payments":       ingest.LumpSumPayments,
	"payments":               ingest.Payments,
	// 就业 (employ): the labour register.
	"labor": ingest.Labor,
	// Land contracting and transfer (package transfer).
	"parcels":   ingest.Parcels,
	"transfers": ingest.Transfers,
	// The 增减挂钩 project ledger: a project's 拆旧 households (--project).
	"projectplots": ingest.ProjectPlots,
	// 社会救助 (assistui): 低保 applications collected on paper by a village.
	"assist": ingest.AssistApplications,
}

// jobs are the batch jobs of "shebao run JOB": each parses its own flags.
var jobs = map[string]job{
	"adjustment":          {usageJobAdjustment, runAdjustment},
	"assessment":          {usageJobAssessment, runAssessment},
	"interest":            {usageJobInterest, runInterest},
	"hospital-settlement": {usageJobHospitalSettlement, runHospitalSettlement},
	"land-allowances":     {usageJobLandAllowances, runLandAllowances},
	"payroll":             {usageJobPayroll, runPayroll},
	// 就业 (employ): the derived statuses of the labour register.
	"labor-derive": {usageJobLaborDerive, runLaborDerive},
}

// determiners are the kinds of "shebao determine KIND …" (待遇核定): each
// computes an entitlement from the person's record and the policy in force,
// shows it with its explanation, and — unless --preview — puts it in the
// approval queue for a second clerk.
var determiners = map[string]job{
	"pension": {usageDeterminerPension,
		func(ctx context.Context, e *env, args []string) error {
			return runDeterminePension(ctx, e, benefit.DeterminePension, args)
		}},
	"resident-pension": {usageDeterminerResidentPension,
		func(ctx context.Context, e *env, args []string) error {
			return runDeterminePension(ctx, e, benefit.DetermineResidentPension, args)
		}},
	"unemployment": {usageDeterminerUnemployment,
		runDetermineUnemployment},
	"maternity": {usageDeterminerMaternity,
		runDetermineMaternity},
	"injury": {usageDeterminerInjury,
		runDetermineInjury},
}

// reports are the subcommands of "shebao report" other than the kinds of
// indicators (report.Kinds, each run by runReportKind): each parses its
// own flags.
var reports = map[string]job{
	"summary":      {usageReportSummary, runReportSummary},
	"denominators": {usageReportDenominators, runReportDenominators},
	"verify":       {usageReportVerify, runReportVerify},
	"rebuild":      {usageReportRebuild, runReportRebuild},
	"keygen":       {usageReportKeygen, runReportKeygen},
	"export":       {usageReportExport, runReportExport},
	"trust":        {usageReportTrust, runReportTrust},
	"import":       {usageReportImport, runReportImport},
	"submissions":  {usageReportSubmissions, runReportSubmissions},
}

// reportTexts print kinds of report whose text is their own rather than
// their tables (report.Tables).
var reportTexts = map[string]func(e *env, v any){
	"land":    func(e *env, v any) { writeLandReport(e, v.(*shebao.LandReport)) },
	"medical": func(e *env, v any) { writeMedicalReport(e, v.(*shebao.MedicalReport)) },
}
