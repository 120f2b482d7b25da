// Valid trend reports for tests: one place that knows what a complete, valid report of the
// current schema looks like, so that tests change with the schema in one file.
//
// Contract: SampleTrendReport() passes ValidateTrendReport against the shipped codebook
// (deploy/codebook/, version "1") for origin agency "au.abf" (or any agency: reporting_agency is
// left empty) on any day from 2026-10-01, and passes the shipped screening patterns. It is the
// MISSION's example: 2026-Q3, Cox's Bazar → Andaman Sea → Aceh, by sea, 3 vessels intercepted,
// 412 persons on board broken down by nationality, sex and age band, 2 facilitators arrested,
// a median fee of USD 1,200, a narrative on modus operandi and two sources. Two breakdown cells
// are small cells for k = 5: 3 fishing vessels and 2 facilitators of Bangladeshi nationality.
#pragma once

#include "rilon/v1/node_api.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::testing {

// The number of cells of SampleTrendReport() whose counts are in 1..4.
inline constexpr int kSampleSmallCellsAtK5 = 2;

rilon::v1::TrendReport SampleTrendReport();

// SampleTrendReport() marked TLP:GREEN for id.polri and th.rtp, without a request id.
rilon::v1::SubmitReportRequest SampleSubmitRequest();

}  // namespace rilon::testing
