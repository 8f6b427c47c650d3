// Package vocab is the study's controlled vocabulary: the names of the
// published tables, the supporter categories, claim verdicts and metrics, the
// checksum format and the sources every table cites.
//
// Producers write these words and consumers compare with them, so each is
// defined here once; the package imports nothing of the project.
package vocab

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Names of the published tables, as in datapackage.json.
const (
	Principles       = "principles"
	Frameworks       = "frameworks"
	Coverage         = "coverage"
	CyberPower       = "cyber_power"
	DoctrineTimeline = "doctrine_timeline"
	Countries        = "countries"
	Supporters       = "supporters"
	SupporterFiles   = "supporter_files"
	NamedCountries   = "named_countries"
	Claims           = "claims"
	Errata           = "errata"
	// The supporter history's derived tables and the claims' ledger.
	SupporterPublished = "supporter_published"
	CategoryChanges    = "category_changes"
	Duplicates         = "duplicates"
	Misfilings         = "misfilings"
	JoinDates          = "join_dates"
	ClaimLedger        = "claim_ledger"
	Evidence           = "evidence"
	NotChecked         = "not_checkable"
)

// Supporter categories, as the Paris Call site files them.
const (
	State           = "state"
	PublicAuthority = "public-authority"
	PrivateSector   = "private-sector"
	CivilSociety    = "civil-society"
	Undefined       = "undefined"
)

// Categories are the supporter categories in display order.
var Categories = []string{State, PublicAuthority, PrivateSector, CivilSociety, Undefined}

// Verdicts of a claim check.
const (
	Holds           = "holds"
	DoesNotHold     = "does not hold"
	CannotBeChecked = "cannot be checked"
)

// Transcribed is the verdict of a claim that only compares the chapter's
// own table with its transcription: it cannot fail, so it never counts as
// holding.
const Transcribed = "transcribed only"

// SelfConsistent is the verdict of an internal-consistency claim that holds:
// it compares the chapter's curated text with itself, so no change of the
// data can make it fail, and it never counts as holding. One that fails
// stays "does not hold": the chapter contradicts itself, an erratum.
const SelfConsistent = "consistent with itself"

// Verdicts lists every verdict.
var Verdicts = []string{Holds, DoesNotHold, CannotBeChecked, Transcribed, SelfConsistent}

// Kinds of claim check, kept apart in every count.
const (
	// KindData is checked against the supporter history, computed.
	KindData = "supporter-history"
	// KindSources is checked against public sources (the evidence table).
	KindSources = "public-sources"
	// KindChapter is the chapter checked against itself.
	KindChapter = "internal-consistency"
	// KindTranscription compares a table of the chapter with its transcription.
	KindTranscription = "transcription"
)

// ClaimKinds lists every kind of check in display order.
var ClaimKinds = []string{KindData, KindSources, KindChapter, KindTranscription}

// VerdictClass is a verdict's one-word name, for styling: holds, fails,
// unchecked, transcribed or consistent ("" for anything that is not a verdict).
func VerdictClass(v string) string {
	switch v {
	case Holds:
		return "holds"
	case DoesNotHold:
		return "fails"
	case CannotBeChecked:
		return "unchecked"
	case Transcribed:
		return "transcribed"
	case SelfConsistent:
		return "consistent"
	}
	return ""
}

// Claim metrics: what a claim measures.
const (
	MetricCount              = "count"
	MetricLargestRegion      = "largest_region"
	MetricRegions            = "regions"
	MetricCountryPresent     = "country_present"
	MetricSupporterPresent   = "supporter_present"
	MetricPrinciples         = "principles"
	MetricCoveredPrinciples  = "covered_principles"
	MetricCoveringFrameworks = "covering_frameworks"
	MetricMaxCoveredByOthers = "max_covered_by_others"
	MetricNone               = "none"
	// MetricSourceValue is what the evidence rows of a claim state.
	MetricSourceValue = "source_value"
	// MetricTimelineEvents counts the chapter's own dated events.
	MetricTimelineEvents = "timeline_events"
	// MetricTimelineText says whether the chapter's account of an event uses a word.
	MetricTimelineText = "timeline_text"
	// MetricFrameworks counts the frameworks of Tabel 2.1.
	MetricFrameworks = "frameworks"
	// MetricAdherence reads the adherence panel: a party's standing under an
	// instrument, or how many parties stand so.
	MetricAdherence = "adherence"
)

// ClaimMetrics lists every metric.
var ClaimMetrics = []string{MetricCount, MetricLargestRegion, MetricRegions, MetricCountryPresent, MetricSupporterPresent,
	MetricPrinciples, MetricCoveredPrinciples, MetricCoveringFrameworks, MetricMaxCoveredByOthers, MetricNone,
	MetricSourceValue, MetricTimelineEvents, MetricTimelineText, MetricFrameworks, MetricAdherence}

// ChecksumPrefix marks a checksum's algorithm, as Frictionless writes it.
const ChecksumPrefix = "sha256:"

// Checksum is the checksum of b in datapackage.json's format.
func Checksum(b []byte) string {
	s := sha256.Sum256(b)
	return ChecksumPrefix + hex.EncodeToString(s[:])
}

// ShortChecksum is the first 12 hex digits of a checksum, for people.
func ShortChecksum(c string) string {
	c = strings.TrimPrefix(c, ChecksumPrefix)
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// Sources every table cites.
const (
	UpstreamURL = "https://github.com/ambanum/pariscall.international"
	// UpstreamName is the upstream as a credit line names it.
	UpstreamName = "pariscall.international supporter files (github.com/ambanum/pariscall.international)"
	Chapter      = "Chapter II (BAB II) of the thesis on French cyber doctrine and the Paris Call"
	// Boundaries is the map's geometry as a credit line names it.
	Boundaries = "Natural Earth 1:50m"
)

// ChapterAccessDate is the day the chapter's author read the supporters page
// (footnote 4 of section 2.5.1): the chapter's own "as of" date.
const ChapterAccessDate = "2021-01-18"
