package web

// routes is the API, in the order of the OpenAPI document: the one list
// of routes, from which the mux is built (NewServer) and against which the
// OpenAPI test checks the document.
var routes = []route{
	{"GET", "/api/v1/health", true, (*Server).health},
	{"GET", "/api/v1/openapi.json", true, (*Server).openAPI},

	{"POST", "/api/v1/login", true, (*Server).login},
	{"POST", "/api/v1/logout", false, (*Server).logout},
	{"GET", "/api/v1/me", false, (*Server).me},

	{"GET", "/api/v1/regions", false, (*Server).listRegions},
	{"GET", "/api/v1/regions/{code}", false, (*Server).getRegion},
	{"PUT", "/api/v1/regions/{code}", false, (*Server).putRegion},

	{"GET", "/api/v1/persons", false, (*Server).listPersons},
	{"POST", "/api/v1/persons", false, (*Server).createPerson},
	{"GET", "/api/v1/persons/{id_no}", false, (*Server).getPerson},
	{"PATCH", "/api/v1/persons/{id_no}", false, (*Server).updatePerson},
	{"GET", "/api/v1/persons/{id_no}/history", false, (*Server).personHistory},

	{"GET", "/api/v1/employers", false, (*Server).listEmployers},
	{"POST", "/api/v1/employers", false, (*Server).createEmployer},
	{"GET", "/api/v1/employers/{uscc}", false, (*Server).getEmployer},
	{"PATCH", "/api/v1/employers/{uscc}", false, (*Server).updateEmployer},

	{"GET", "/api/v1/schemes", true, (*Server).listSchemes},
	{"GET", "/api/v1/enrollments", false, (*Server).listEnrollments},
	{"POST", "/api/v1/enrollments", false, (*Server).createEnrollment},
	{"GET", "/api/v1/enrollments/{id}", false, (*Server).getEnrollment},
	{"POST", "/api/v1/enrollments/{id}/changes", false, (*Server).changeEnrollment},
	{"POST", "/api/v1/enrollments/hire", false, (*Server).hire},
	{"POST", "/api/v1/enrollments/leave", false, (*Server).leave},

	{"GET", "/api/v1/policy", false, (*Server).getPolicy},

	// backpay.go
	{"GET", "/api/v1/payroll/{month}/backpays", false, (*Server).listBackPays},
	{"POST", "/api/v1/benefits/{id}/overpayments/{month}/writeoff", false, (*Server).submitWriteOff},

	// benefits.go
	{"POST", "/api/v1/benefits/calc", false, (*Server).calcPension},
	{"POST", "/api/v1/benefits/determinations", false, (*Server).determine},
	{"GET", "/api/v1/benefits", false, (*Server).listBenefits},
	{"GET", "/api/v1/benefits/{id}", false, (*Server).getBenefit},
	{"POST", "/api/v1/benefits/{id}/changes", false, (*Server).changeBenefit},

	// bills.go
	{"GET", "/api/v1/contributions/bills/{uscc}/{month}", false, (*Server).getBill},

	// flex.go
	{"POST", "/api/v1/contributions/flex", false, (*Server).registerFlexBase},

	// flex_refunds.go
	{"POST", "/api/v1/contributions/flex/corrections", false, (*Server).submitFlexCorrection},
	{"POST", "/api/v1/contributions/flex/refunds", false, (*Server).submitFlexRefund},

	// land.go
	{"GET", "/api/v1/land/batches", false, (*Server).listLandBatches},
	{"POST", "/api/v1/land/batches", false, (*Server).saveLandBatch},
	{"GET", "/api/v1/land/batches/{no}", false, (*Server).getLandBatch},
	{"GET", "/api/v1/land/report", false, (*Server).landReport},
	{"GET", "/api/v1/land/warnings", false, (*Server).landWarnings},
	{"GET", "/api/v1/rosters", false, (*Server).listRoster},
	{"POST", "/api/v1/rosters", false, (*Server).submitRoster},
	{"POST", "/api/v1/rosters/accept", false, (*Server).acceptRoster},
	{"POST", "/api/v1/funds/land", false, (*Server).recordLandFund},
	// assist_fund.go: the 社会救助资金's budget received (issue #18 item 7)
	{"POST", "/api/v1/funds/assistance", false, (*Server).recordAssistBudget},

	// medical.go
	{"GET", "/api/v1/medical/claims", false, (*Server).listClaims},
	{"POST", "/api/v1/medical/claims", false, (*Server).createClaim},
	{"GET", "/api/v1/medical/claims/{id}", false, (*Server).getClaim},
	{"GET", "/api/v1/medical/report", false, (*Server).medicalReport},

	// reports.go
	{"GET", "/api/v1/reports/summary", false, (*Server).getSummary},
	{"GET", "/api/v1/reports/denominators", false, (*Server).listDenominators},
	{"PUT", "/api/v1/reports/denominators", false, (*Server).putDenominator},
	{"GET", "/api/v1/reports/submissions", false, (*Server).listSubmissions},
	{"POST", "/api/v1/reports/submissions", false, (*Server).submitStatistics},
	{"GET", "/api/v1/reports/{kind}", false, (*Server).getReport},

	// moneyin.go
	{"GET", "/api/v1/persons/{id_no}/statement", false, (*Server).personStatement},
	{"GET", "/api/v1/persons/{id_no}/certificates/{kind}", false, (*Server).personCertificate},
	{"GET", "/api/v1/certificates/{code}", true, (*Server).verifyCertificate},

	// other_benefits.go
	{"POST", "/api/v1/benefits/unemployment", false, (*Server).determineUnemployment},
	{"POST", "/api/v1/benefits/maternity", false, (*Server).determineMaternity},
	{"POST", "/api/v1/benefits/injury", false, (*Server).determineInjury},

	// payroll.go
	{"GET", "/api/v1/payroll/{month}", false, (*Server).getPayroll},
	{"GET", "/api/v1/payroll/{month}/payments", false, (*Server).listPayrollPayments},
	{"POST", "/api/v1/payroll/{month}/run", false, (*Server).runPayroll},

	// labor.go: 就业 (employ), the labour register
	{"GET", "/api/v1/labor", false, (*Server).listLabor},
	{"POST", "/api/v1/labor", false, (*Server).registerLabor},
	{"GET", "/api/v1/labor/{id_no}", false, (*Server).getLabor},
	{"PUT", "/api/v1/labor/{id_no}/wishes", false, (*Server).putLaborWishes},
	// employ.go: 失业登记, 就业困难人员, 零就业家庭, 公益性岗位
	{"GET", "/api/v1/labor/unemployed", false, (*Server).listUnemployed},
	{"POST", "/api/v1/labor/unemployed", false, (*Server).registerUnemployed},
	{"POST", "/api/v1/labor/unemployed/end", false, (*Server).endUnemployed},
	{"GET", "/api/v1/labor/hardship", false, (*Server).listHardship},
	{"POST", "/api/v1/labor/hardship", false, (*Server).certifyHardship},
	{"POST", "/api/v1/labor/hardship/end", false, (*Server).endHardship},
	{"GET", "/api/v1/labor/zero-households", false, (*Server).listZeroHouseholds},
	{"POST", "/api/v1/labor/zero-households/scan", false, (*Server).scanZeroHouseholds},
	{"GET", "/api/v1/posts", false, (*Server).listPosts},
	{"POST", "/api/v1/posts", false, (*Server).createPost},
	{"GET", "/api/v1/posts/placements", false, (*Server).listPlacements},
	{"POST", "/api/v1/posts/{id}/placements", false, (*Server).placeOnPost},
	// 职业培训 (employ, issue #19 item 3; training.go).
	{"GET", "/api/v1/training/courses", false, (*Server).listCourses},
	{"POST", "/api/v1/training/courses", false, (*Server).createCourse},
	{"GET", "/api/v1/training/courses/{id}/enrolments", false, (*Server).listEnrolments},
	{"POST", "/api/v1/training/courses/{id}/enrolments", false, (*Server).enrolOnCourse},
	{"POST", "/api/v1/training/courses/{id}/outcomes", false, (*Server).recordOutcome},
	{"POST", "/api/v1/training/courses/{id}/subsidy", false, (*Server).submitTrainingSubsidy},
	// 职业介绍 and 劳务输出 (employ, issue #19 items 4 and 7; vacancies.go):
	// an employer's token posts its own vacancies and reads their referrals.
	{"GET", "/api/v1/vacancies", false, (*Server).listVacancies},
	{"POST", "/api/v1/vacancies", false, (*Server).createVacancy},
	{"GET", "/api/v1/vacancies/{id}", false, (*Server).getVacancy},
	{"PATCH", "/api/v1/vacancies/{id}", false, (*Server).updateVacancy},
	{"POST", "/api/v1/vacancies/{id}/close", false, (*Server).closeVacancy},
	{"GET", "/api/v1/vacancies/{id}/matches", false, (*Server).matchSeekers},
	{"GET", "/api/v1/vacancies/{id}/referrals", false, (*Server).listVacancyReferrals},
	{"POST", "/api/v1/referrals", false, (*Server).refer},
	{"POST", "/api/v1/referrals/{id}/outcome", false, (*Server).recordReferralOutcome},
	{"GET", "/api/v1/labor/{id_no}/vacancies", false, (*Server).personVacancies},
	{"GET", "/api/v1/labor/exports", false, (*Server).listLaborExports},
	{"POST", "/api/v1/labor/exports", false, (*Server).exportLabor},
	// 返乡 (employ, labour export; vacancies.go): ends an export.
	{"POST", "/api/v1/labor/exports/{id}/return", false, (*Server).returnLabor},
	// 社会保险补贴 of employers and flexible workers (employ, issue #19 item 5; employ.go).
	{"GET", "/api/v1/posts/subsidies", false, (*Server).listSubsidies},
	{"POST", "/api/v1/posts/subsidies", false, (*Server).grantSubsidy},
	{"POST", "/api/v1/posts/subsidies/reimburse", false, (*Server).reimburseSubsidies},

	// refunds.go
	{"POST", "/api/v1/contributions/refunds", false, (*Server).submitRefund},
	{"POST", "/api/v1/contributions/corrections", false, (*Server).submitCorrection},

	// assist.go: 社会救助 (issue #18)
	{"POST", "/api/v1/assistance/quote", false, (*Server).quoteAssistance},
	{"POST", "/api/v1/assistance/tekun/quote", false, (*Server).quoteTekun},
	{"GET", "/api/v1/assistance/cases", false, (*Server).listAssistance},
	{"POST", "/api/v1/assistance/cases", false, (*Server).applyAssistance},
	{"GET", "/api/v1/assistance/cases/{id}", false, (*Server).getAssistance},
	{"POST", "/api/v1/assistance/cases/{id}/steps", false, (*Server).stepAssistance},
	{"GET", "/api/v1/assistance/reliefs", false, (*Server).listReliefs},
	{"POST", "/api/v1/assistance/reliefs", false, (*Server).submitRelief},
	{"GET", "/api/v1/persons/{id_no}/assistance", false, (*Server).personAssistance},
	// assist_tekun.go: 特困人员救助供养 cases (tekun)
	{"GET", "/api/v1/assistance/tekun/cases", false, (*Server).listTekun},
	{"POST", "/api/v1/assistance/tekun/cases", false, (*Server).applyTekun},
	{"GET", "/api/v1/assistance/tekun/cases/{id}", false, (*Server).getTekun},
	{"POST", "/api/v1/assistance/tekun/cases/{id}/steps", false, (*Server).stepTekun},
	{"POST", "/api/v1/assistance/tekun/deaths", false, (*Server).tekunDeaths},
	// assist_medaid.go: 低保边缘家庭 (medaid, issue #18 item 4)
	{"GET", "/api/v1/assistance/edge", false, (*Server).listEdge},
	{"POST", "/api/v1/assistance/edge", false, (*Server).recordEdge},
	// transfers.go: land contracting and transfer (package transfer)
	{"GET", "/api/v1/contracting", false, (*Server).listContracts},
	{"POST", "/api/v1/contracting", false, (*Server).saveParcel},
	{"GET", "/api/v1/contracting/{no}", false, (*Server).getContract},
	{"GET", "/api/v1/transfers", false, (*Server).listTransfers},
	{"POST", "/api/v1/transfers", false, (*Server).saveTransfer},
	{"GET", "/api/v1/transfers/arrears", false, (*Server).rentArrears},
	{"GET", "/api/v1/transfers/prices", false, (*Server).priceGuide},
	{"GET", "/api/v1/transfers/{no}", false, (*Server).getTransfer},
	{"POST", "/api/v1/transfers/{no}/end", false, (*Server).endTransfer},
	{"POST", "/api/v1/transfers/{no}/payments", false, (*Server).payRent},
	// landprojects.go: the 增减挂钩 project ledger (package transfer)
	{"GET", "/api/v1/contracting/projects", false, (*Server).listLandProjects},
	{"POST", "/api/v1/contracting/projects", false, (*Server).createLandProject},
	{"GET", "/api/v1/contracting/projects/{code}", false, (*Server).getLandProject},
	{"POST", "/api/v1/contracting/projects/{code}/plots", false, (*Server).addProjectPlot},
	{"POST", "/api/v1/contracting/projects/{code}/entries", false, (*Server).addProjectEntry},
	{"POST", "/api/v1/contracting/projects/{code}/close", false, (*Server).closeLandProject},
	{"POST", "/api/v1/contracting/projects/{code}/resettlements", false, (*Server).resettleProjectHousehold},
	// intents.go: the 流转信息平台 and the cooperative's year (package
	// transfer, issue #17 items 4 and 5)
	{"GET", "/api/v1/intents", false, (*Server).listIntents},
	{"POST", "/api/v1/intents", false, (*Server).saveIntent},
	{"GET", "/api/v1/intents/market", false, (*Server).intentMarket},
	{"GET", "/api/v1/intents/{no}/matches", false, (*Server).matchIntent},
	{"POST", "/api/v1/intents/{no}/withdraw", false, (*Server).withdrawIntent},
	{"GET", "/api/v1/transfers/coops/{uscc}", false, (*Server).coopYear},
}

// computeRoutes are POST routes that compute an answer from the request
// body alone and read or change no record (a what-if calculator): they are
// authorized as reads of their entity, for every role that reads it, a
// citizen included. Like any POST they need a session's CSRF token.
var computeRoutes = map[string]bool{
	// The calculator reads no record: anyone who reads benefits may use it.
	"POST /api/v1/benefits/calc": true,
	// 社会救助: the 低保 quote reads no record either.
	"POST /api/v1/assistance/quote":       true,
	"POST /api/v1/assistance/tekun/quote": true,
}
