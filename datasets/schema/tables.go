package schema

import (
	"fmt"
	"slices"

	"github.com/cybernorms/cybernorms/datasets/vocab"
)

func i64(v int64) *int64 { return &v }

const (
	slugPattern  = `[a-z0-9]+(-[a-z0-9]+)*`
	alpha3       = `[A-Z]{3}`
	upstreamRepo = vocab.UpstreamURL
)

var chapterSource = Source{Title: vocab.Chapter}

// Principles is the nine principles of the Paris Call.
var Principles = &Table{
	Name: "principles", Path: "principles", Derived: true,
	Title:       "The nine principles of the Paris Call",
	Description: "The Call's nine principles with its official English short titles and the chapter's Indonesian labels (§2.2 list and Tabel 2.1 header).",
	Fields: []Field{
		{Name: "id", Type: Integer, Required: true, Unique: true, Minimum: i64(1), Maximum: i64(9), Description: "Principle number as the Call orders them."},
		{Name: "slug", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier made from the English title."},
		{Name: "name_en", Type: String, Required: true, Description: "The Call's official English short title."},
		{Name: "label_id", Type: String, Required: true, Description: "Indonesian label as printed in the §2.2 list."},
		{Name: "label_id_table", Type: String, Required: true, Description: "Indonesian label as printed in the header of Tabel 2.1."},
		{Name: "source", Type: String, Required: true, Description: "Where in the chapter the row is transcribed from."},
	},
	PrimaryKey: []string{"id"},
	Sources:    []Source{chapterSource},
}

// Frameworks is the six frameworks of Tabel 2.1.
var Frameworks = &Table{
	Name: "frameworks", Path: "frameworks", Derived: true,
	Title:       "Frameworks compared in Tabel 2.1",
	Description: "The Paris Call and the five frameworks the chapter compares it with.",
	Fields: []Field{
		{Name: "id", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier."},
		{Name: "position", Type: Integer, Required: true, Unique: true, Minimum: i64(1), Description: "Row of the framework in Tabel 2.1."},
		{Name: "name", Type: String, Required: true, Description: "Full English name."},
		{Name: "name_as_printed", Type: String, Required: true, Description: "Name as printed in Tabel 2.1."},
		{Name: "kind", Type: String, Required: true, Enum: []string{"declaration", "agency", "treaty", "industry charter", "industry accord", "civil-society campaign"}, Description: "What kind of instrument it is."},
		{Name: "initiator", Type: String, Required: true, Enum: []string{"state", "EU agency", "Council of Europe", "company", "civil society"}, Description: "Kind of actor that initiated it."},
		{Name: "initiator_name", Type: String, Required: true, Description: "Who initiated it."},
		{Name: "year", Type: Integer, Required: true, Minimum: i64(1990), Maximum: i64(2030), Description: "Year it was launched or established."},
		{Name: "source", Type: String, Required: true, Description: "Sections of the chapter that describe it."},
		{Name: "note", Type: String, Description: "Facts not given by the chapter, with their source."},
	},
	PrimaryKey: []string{"id"},
	Sources:    []Source{chapterSource},
}

// Coverage is Tabel 2.1 in tidy form.
var Coverage = &Table{
	Name: "coverage", Path: "coverage", Derived: true,
	Title:       "Coverage of the nine principles by six frameworks (Tabel 2.1)",
	Description: "One row per cell of Tabel 2.1: whether a framework covers a principle, exactly as the chapter prints it.",
	Fields: []Field{
		{Name: "framework_id", Type: String, Required: true, Description: "The framework (frameworks.id)."},
		{Name: "principle_id", Type: Integer, Required: true, Minimum: i64(1), Maximum: i64(9), Description: "The principle (principles.id)."},
		{Name: "covered", Type: Boolean, Required: true, Description: "True where the chapter prints a tick."},
		{Name: "mark", Type: String, Required: true, Enum: []string{"✓", "X"}, Description: "The mark as printed."},
		{Name: "source", Type: String, Required: true, Description: "Where in the chapter the cell is transcribed from."},
	},
	PrimaryKey: []string{"framework_id", "principle_id"},
	ForeignKeys: []ForeignKey{
		{Fields: []string{"framework_id"}, Resource: "frameworks", RefFields: []string{"id"}},
		{Fields: []string{"principle_id"}, Resource: "principles", RefFields: []string{"id"}},
	},
	Sources: []Source{chapterSource},
}

// CyberPower is Tabel 2.2, Nye's cyber power matrix.
var CyberPower = &Table{
	Name: "cyber_power", Path: "cyber_power", Derived: true,
	Title:       "Nye's cyber power matrix (Tabel 2.2)",
	Description: "Instrument × locus × kind of power → example, as the chapter adapts it from Joseph Nye (Cyber Power, 2018), in Indonesian as printed and in English.",
	Fields: []Field{
		{Name: "instrument", Type: String, Required: true, Enum: []string{"information", "physical"}, Description: "Information or physical instrument."},
		{Name: "locus", Type: String, Required: true, Enum: []string{"intra", "extra"}, Description: "Whether the effect is inside (intra) or outside (extra) cyberspace."},
		{Name: "power", Type: String, Required: true, Enum: []string{"hard", "soft"}, Description: "Hard or soft power."},
		{Name: "example_id", Type: String, Required: true, Description: "The example as printed (Indonesian)."},
		{Name: "example_en", Type: String, Required: true, Description: "English translation of the printed example."},
		{Name: "instrument_label_id", Type: String, Required: true, Description: "Row label as printed."},
		{Name: "instrument_label_en", Type: String, Required: true, Description: "Row label in English."},
		{Name: "locus_label_id", Type: String, Required: true, Description: "Column label as printed."},
		{Name: "locus_label_en", Type: String, Required: true, Description: "Column label in English."},
		{Name: "source", Type: String, Required: true, Description: "Where in the chapter the cell is transcribed from."},
	},
	PrimaryKey: []string{"instrument", "locus", "power"},
	Sources:    []Source{chapterSource},
}

// datePattern is an ISO 8601 date of year, month or day precision.
const datePattern = `[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?`

// DoctrineTimeline is every dated event of sections 2.1 and 2.4.
var DoctrineTimeline = &Table{
	Name: "doctrine_timeline", Path: "doctrine_timeline", Derived: true,
	Title:       "French cyber doctrine and the road to the Paris Call",
	Description: "Every dated event of chapter sections 2.1 and 2.4, from 1942 to the Call's launch, with its date precision.",
	Fields: []Field{
		{Name: "id", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier."},
		{Name: "date", Type: Date, Required: true, Description: "First day of the period the event is dated to."},
		{Name: "date_iso", Type: String, Required: true, Pattern: datePattern, Description: "The date at the precision given: YYYY, YYYY-MM or YYYY-MM-DD."},
		{Name: "precision", Type: String, Required: true, Enum: []string{"year", "month", "day"}, Description: "How precisely the chapter dates the event."},
		{Name: "year", Type: Integer, Required: true, Description: "Year of the event."},
		{Name: "end_date_iso", Type: String, Pattern: datePattern, Description: "End of a dated period (\"2015-2016\"), if the chapter gives one."},
		{Name: "level", Type: String, Required: true, Enum: []string{"domestic", "international"}, Description: "Domestic (2.1.1) or international (2.1.2, 2.4) level."},
		{Name: "kind", Type: String, Required: true, Enum: []string{"institution", "policy", "report", "incident", "agreement"}, Description: "What kind of event it is."},
		{Name: "label_en", Type: String, Required: true, Description: "Short label for charts, English."},
		{Name: "label_id", Type: String, Required: true, Description: "Short label for charts, Indonesian."},
		{Name: "description_id", Type: String, Required: true, Description: "The event in the chapter's words (Indonesian)."},
		{Name: "description_en", Type: String, Required: true, Description: "The event in English."},
		{Name: "citation", Type: String, Description: "The chapter's citation for the event."},
		{Name: "section", Type: String, Required: true, Description: "Chapter section(s) that mention the event."},
		{Name: "date_note", Type: String, Description: "Where the date does not come from the chapter, its source."},
		{Name: "corrected_date_iso", Type: String, Pattern: datePattern, Description: "Where public sources date the event outside the period the chapter gives, the date they give (the chapter's date is kept in date_iso). Computed from the claims checked against the evidence table."},
		{Name: "correction_claim", Type: String, Description: "The claim (claims.id) whose evidence gives corrected_date_iso."},
		{Name: "correction_source", Type: String, Description: "Publisher and address of the source of corrected_date_iso (see evidence)."},
	},
	PrimaryKey: []string{"id"},
	Sources:    []Source{chapterSource},
}

// Categories are the supporter categories, in display order.
var Categories = vocab.Categories

// Supporters is one row per supporter.
var Supporters = &Table{
	Name: "supporters", Path: "supporters", Derived: true,
	Title: "Supporters of the Paris Call",
	Description: "One row per supporter in the history of the Call's official site, identity kept across file renames, " +
		"front-matter edits, re-additions and duplicate files (see supporter_files). Values are from the latest readable version " +
		"of the supporter's files. A supporter is present on a date D when first_seen <= D and removed_on is empty or later than D.",
	Fields: []Field{
		{Name: "supporter_id", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier, from the supporter's first file name."},
		{Name: "name", Type: String, Required: true, Description: "Name as published."},
		{Name: "category", Type: String, Required: true, Enum: Categories, Description: "Category, mapped from category_published by the category crosswalk."},
		{Name: "category_published", Type: String, Description: "The category field as published."},
		{Name: "category_in_file_name", Type: String, Description: "The category written in the file name, if any (e.g. undefined, international-organization)."},
		{Name: "nature", Type: String, Description: "The nature field as published (French: Entreprise, ONG, UE …)."},
		{Name: "nationality", Type: String, Description: "The nationality field as published."},
		{Name: "country", Type: String, Pattern: alpha3, Description: "ISO 3166-1 alpha-3 code of the nationality, where it names a country (countries.alpha3)."},
		{Name: "country_method", Type: String, Required: true, Enum: []string{"iso", "crosswalk", "name", "not-country", "blank", "unresolved"}, Description: "How country was resolved: already ISO, the nationality crosswalk, a CLDR or upstream country name (for 2019 entries), not a country, blank, or not resolvable."},
		{Name: "eu_member", Type: Boolean, Description: "For states: whether the upstream marks the state as an EU member (nature \"UE\"). Empty for other categories."},
		{Name: "first_seen", Type: Date, Required: true, Description: "Date of the first upstream commit holding one of the supporter's files (commit's own time zone)."},
		{Name: "removed_on", Type: Date, Description: "Date the last of its files was removed, if none remains."},
		{Name: "in_first_commit", Type: Boolean, Required: true, Description: "Present in the upstream's first commit (2019-09-16): the true join date is earlier than first_seen."},
		{Name: "date_signed", Type: String, Description: "The latest non-empty date_signed value published for the supporter. 566 of the 567 supporters of the first record (2019-09-16) carry the launch day, 2018-11-12, a placeholder: see join_dates for which values are the supporter's own and for a best-estimate join date."},
		{Name: "alliance", Type: String, Description: "The alliance field of 2019 entries (Cyber Tech Accord, Charter of Trust), as published."},
		{Name: "website", Type: String, Description: "Website as published."},
		{Name: "twitter", Type: String, Description: "Twitter account as published."},
		{Name: "linkedin", Type: String, Description: "LinkedIn page as published."},
		{Name: "path", Type: String, Required: true, Description: "Latest file path in the upstream repository."},
		{Name: "files", Type: Integer, Required: true, Minimum: i64(1), Description: "Number of file lineages (supporter_files rows) joined into this supporter."},
		{Name: "versions", Type: Integer, Required: true, Minimum: i64(1), Description: "Number of snapshot rows (changes) of its files."},
		{Name: "fields_from", Type: String, Required: true, Enum: []string{"front-matter", "file-name"}, Description: "Where name, category and nationality come from: the front matter, or, when no version of the file could be read, the file name."},
	},
	PrimaryKey:  []string{"supporter_id"},
	ForeignKeys: []ForeignKey{{Fields: []string{"country"}, Resource: "countries", RefFields: []string{"alpha3"}}},
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// SupporterFiles lists the file lineages joined into each supporter.
var SupporterFiles = &Table{
	Name: "supporter_files", Path: "supporter_files", Derived: true,
	Title: "Supporter file lineages and how they were joined",
	Description: "A lineage is one file followed through renames from its addition to its removal. Lineages are joined into one supporter " +
		"when a file reappears at the same path, under the same name, or (states) for the same country after the supporter had gone; " +
		"when two files of the same final name coexist; or by an explicit link. This table is the audit trail of supporter identity.",
	Fields: []Field{
		{Name: "supporter_id", Type: String, Required: true, Description: "The supporter (supporters.supporter_id)."},
		{Name: "first_path", Type: String, Required: true, Description: "File path when the lineage was added."},
		{Name: "last_path", Type: String, Required: true, Description: "File path at its end (or now)."},
		{Name: "added_on", Type: Date, Required: true, Description: "Date the file was added."},
		{Name: "removed_on", Type: Date, Description: "Date the file was removed, if it was."},
		{Name: "renames", Type: Integer, Required: true, Minimum: i64(0), Description: "Number of renames along the lineage."},
		{Name: "linked_by", Type: String, Required: true, Enum: []string{"first", "same-path", "same-name", "same-country", "duplicate", "explicit"}, Description: "Why the lineage belongs to the supporter: it is the first, or reappeared at the same path, under the same name, for the same country (states), coexisted as a duplicate with the same name, or an explicit link."},
	},
	PrimaryKey:  []string{"supporter_id", "first_path", "added_on"},
	ForeignKeys: []ForeignKey{{Fields: []string{"supporter_id"}, Resource: "supporters", RefFields: []string{"supporter_id"}}},
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// SupporterPublished is each supporter's classification as published, day by day.
var SupporterPublished = &Table{
	Name: "supporter_published", Path: "supporter_published", Derived: true,
	Title: "Supporters' name, category and nationality as published, over time",
	Description: "One row per supporter per period in which its files carried the same name, category and nationality: on a day D the classification " +
		"is the row with valid_from <= D and valid_to empty or later than D (the front matter of the most recent readable version of any of its files, " +
		"published on or before D; a day with several changes counts its last). The first row starts on the supporter's first_seen. " +
		"Counts on a past date use these values by default; the supporters table holds the latest.",
	Fields: []Field{
		{Name: "supporter_id", Type: String, Required: true, Description: "The supporter (supporters.supporter_id)."},
		{Name: "valid_from", Type: Date, Required: true, Description: "First day these values were published."},
		{Name: "valid_to", Type: Date, Description: "First day they were not (empty while current)."},
		{Name: "name", Type: String, Required: true, Description: "Name as published then (a version with a blank name keeps the previous one)."},
		{Name: "category", Type: String, Required: true, Enum: Categories, Description: "Category then, mapped by the category crosswalk."},
		{Name: "category_published", Type: String, Description: "The category field as published then."},
		{Name: "nationality", Type: String, Description: "The nationality field as published then."},
		{Name: "country", Type: String, Pattern: alpha3, Description: "ISO 3166-1 alpha-3 code of that nationality, where it names a country."},
		{Name: "path", Type: String, Required: true, Description: "The file whose front matter it is."},
	},
	PrimaryKey: []string{"supporter_id", "valid_from"},
	ForeignKeys: []ForeignKey{
		{Fields: []string{"supporter_id"}, Resource: "supporters", RefFields: []string{"supporter_id"}},
		{Fields: []string{"country"}, Resource: "countries", RefFields: []string{"alpha3"}},
	},
	Sources: []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// CategoryChanges lists every change of a supporter's category as published.
var CategoryChanges = &Table{
	Name: "category_changes", Path: "category_changes", Derived: true,
	Title:       "Changes of a supporter's category",
	Description: "Each day a supporter's published category changed (from supporter_published): a count by category on an earlier date uses the old one.",
	Fields: []Field{
		{Name: "supporter_id", Type: String, Required: true, Description: "The supporter (supporters.supporter_id)."},
		{Name: "date", Type: Date, Required: true, Description: "Day the new category was published."},
		{Name: "name", Type: String, Required: true, Description: "Name as published that day."},
		{Name: "from_category", Type: String, Required: true, Enum: Categories, Description: "Category before."},
		{Name: "to_category", Type: String, Required: true, Enum: Categories, Description: "Category after."},
		{Name: "from_published", Type: String, Description: "The category field as published before."},
		{Name: "to_published", Type: String, Description: "The category field as published after."},
	},
	PrimaryKey:  []string{"supporter_id", "date"},
	ForeignKeys: []ForeignKey{{Fields: []string{"supporter_id"}, Resource: "supporters", RefFields: []string{"supporter_id"}}},
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// Countries is the reference table for every country the data mentions.
var Countries = &Table{
	Name: "countries", Path: "countries", Derived: true,
	Title:       "Countries mentioned by the data",
	Description: "Every country a supporter or the chapter names: ISO 3166-1 codes, UN M49 code, region and sub-region and names in English, French, Indonesian and Spanish from the CLDR release of reference/cldr_territories (its cldr_version); codes as packaged in golang.org/x/text.",
	Fields: slices.Concat(
		[]Field{
			{Name: "alpha3", Type: String, Required: true, Unique: true, Pattern: alpha3, Description: "ISO 3166-1 alpha-3 code."},
			{Name: "alpha2", Type: String, Required: true, Unique: true, Pattern: `[A-Z]{2}`, Description: "ISO 3166-1 alpha-2 code."},
			{Name: "m49", Type: String, Required: true, Unique: true, Pattern: `[0-9]{3}`, Description: "ISO 3166-1 numeric / UN M49 code, three digits."},
		},
		namesIn("name", "%s name (CLDR)."),
		[]Field{{Name: "region_m49", Type: String, Required: true, Pattern: `[0-9]{3}`, Description: "UN M49 region (continent) code."}},
		namesIn("region", "UN M49 region, %s."),
		[]Field{{Name: "subregion_m49", Type: String, Required: true, Pattern: `[0-9]{3}`, Description: "Finest UN M49 area below the region (the intermediate region where M49 has one, e.g. Eastern Africa)."}},
		namesIn("subregion", "Sub-region, %s."),
	),
	PrimaryKey: []string{"alpha3"},
	Sources:    []Source{{Title: "Unicode CLDR JSON, names and regions (see reference/cldr_territories for the version)", Path: "https://github.com/unicode-org/cldr-json"}, {Title: "Unicode CLDR, ISO 3166-1 and M49 codes as packaged in golang.org/x/text", Path: "https://pkg.go.dev/golang.org/x/text/language"}},
}

// NameLanguages are the languages, by BCP 47 tag, the countries table and
// its CLDR reference name countries and regions in: a name_LANG field each
// (region_LANG and subregion_LANG in countries), in this order. A language
// is added here, with its catalogue of words (labels), and the data
// rederived (cybernorms cldr, then build).
var NameLanguages = []struct{ Tag, English string }{{"en", "English"}, {"fr", "French"}, {"id", "Indonesian"}, {"es", "Spanish"}}

// namesIn is one field per name language, prefix_LANG, described by desc
// with the language's English name.
func namesIn(prefix, desc string) []Field {
	out := make([]Field, len(NameLanguages))
	for i, l := range NameLanguages {
		out[i] = Field{Name: prefix + "_" + l.Tag, Type: String, Required: true, Description: fmt.Sprintf(desc, l.English)}
	}
	return out
}

// NamedCountries is every country the chapter names, and why.
var NamedCountries = &Table{
	Name: "named_countries", Path: "named_countries", Derived: true,
	Title:       "Countries named in the chapter",
	Description: "Each mention of a country in the chapter that a claim can be checked against: supporters it names, countries it says are absent or unlikely to join, Budapest Convention parties, incident targets.",
	Fields: []Field{
		{Name: "country", Type: String, Required: true, Pattern: alpha3, Description: "ISO 3166-1 alpha-3 code (countries.alpha3)."},
		{Name: "name_as_printed", Type: String, Required: true, Description: "The name as printed (Indonesian)."},
		{Name: "context", Type: String, Required: true, Enum: []string{"named supporter", "named absent", "unlikely to join", "Budapest Convention signatory", "Budapest Convention ratification", "cyber incident"}, Description: "What the chapter says about it."},
		{Name: "section", Type: String, Required: true, Description: "Chapter section."},
	},
	PrimaryKey:  []string{"country", "context"},
	ForeignKeys: []ForeignKey{{Fields: []string{"country"}, Resource: "countries", RefFields: []string{"alpha3"}}},
	Sources:     []Source{chapterSource},
}

// Verdicts of a claim check.
var Verdicts = vocab.Verdicts

// ClaimKinds are the kinds of check: against the supporter history, against
// public sources, the chapter against itself, and transcription only.
var ClaimKinds = vocab.ClaimKinds

// ClaimMetrics are the measures a claim can be checked with.
var ClaimMetrics = vocab.ClaimMetrics

// Claims is every checkable statement of the chapter, checked.
var Claims = &Table{
	Name: "claims", Path: "claims", Derived: true,
	Title: "The chapter's claims, checked against the data",
	Description: "Each quantitative or checkable statement of the chapter, in its words, with the check as data and its value and verdict on the chapter's access date (2021-01-18) " +
		"and on the last date of the supporter history. Verdicts are computed by build from the other tables and, for claims checked against public sources, from the evidence table.",
	Fields: []Field{
		{Name: "id", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier."},
		{Name: "section", Type: String, Required: true, Description: "Chapter section or table."},
		{Name: "kind", Type: String, Required: true, Enum: ClaimKinds, Description: "What the claim is checked against: the supporter history (computed), public sources (the evidence table), the chapter itself (internal consistency), or only the transcription of the chapter's own table, which cannot fail and is never counted as holding."},
		{Name: "quote", Type: String, Required: true, Description: "The chapter's words (Indonesian), or, in parentheses, what a table implies."},
		{Name: "claim_en", Type: String, Required: true, Description: "The claim in English."},
		{Name: "check", Type: String, Required: true, Description: "The check: metric(parameters) operator expected value."},
		{Name: "access_date", Type: Date, Required: true, Description: "The chapter's access date to the supporters page."},
		{Name: "observed_access", Type: String, Description: "The metric's value on access_date."},
		{Name: "verdict_access", Type: String, Required: true, Enum: Verdicts, Description: "Whether the claim holds on access_date (\"transcribed only\" for kind transcription, \"consistent with itself\" for an internal-consistency claim that holds: neither can change with the data)."},
		{Name: "latest_date", Type: Date, Required: true, Description: "The last date of the supporter history."},
		{Name: "observed_latest", Type: String, Description: "The metric's value on latest_date."},
		{Name: "verdict_latest", Type: String, Required: true, Enum: Verdicts, Description: "Whether the claim holds on latest_date."},
		{Name: "note", Type: String, Description: "How the claim is read."},
	},
	PrimaryKey: []string{"id"},
	Sources:    []Source{chapterSource, {Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// Errata is every statement of the chapter that does not hold on its own date.
var Errata = &Table{
	Name: "errata", Path: "errata", Derived: true,
	Title: "Errata: where the chapter is wrong",
	Description: "Each claim that does not hold on the chapter's access date (2021-01-18), whatever it is checked against (transcription claims cannot fail): " +
		"the chapter's words, what the sources, the supporter history or the chapter itself say instead, and where that comes from. Derived from claims and the evidence table.",
	Fields: []Field{
		{Name: "claim_id", Type: String, Required: true, Unique: true, Description: "The claim (claims.id)."},
		{Name: "section", Type: String, Required: true, Description: "Chapter section."},
		{Name: "kind", Type: String, Required: true, Enum: ClaimKinds, Description: "What the claim is checked against."},
		{Name: "chapter_says", Type: String, Required: true, Description: "The chapter's words (Indonesian)."},
		{Name: "claim_en", Type: String, Required: true, Description: "The claim in English."},
		{Name: "expected", Type: String, Description: "The value the chapter states."},
		{Name: "found", Type: String, Required: true, Description: "What the check finds instead: the value the sources state, the count on the access date, or what the chapter says elsewhere."},
		{Name: "sources_say", Type: String, Required: true, Description: "The passages of the sources, quoted, or how the value was found."},
		{Name: "source", Type: String, Required: true, Description: "Publisher and address of each source, the supporter history, or the chapter itself."},
		{Name: "event", Type: String, Description: "The doctrine_timeline event corrected, if the claim dates one."},
	},
	PrimaryKey:  []string{"claim_id"},
	ForeignKeys: []ForeignKey{{Fields: []string{"claim_id"}, Resource: "claims", RefFields: []string{"id"}}},
	Sources:     []Source{chapterSource, {Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// DuplicateReview is the reviewer's verdict on each duplicate candidate.
var DuplicateReview = &Table{
	Name: "duplicate_review", Path: "curated/duplicate_review",
	Title:       "Reviewed duplicate candidates",
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
	Description: "Every pair of supporters the duplicate rule finds (same website domain, LinkedIn page or normalised name), reviewed: the same organisation listed twice, related organisations, or distinct ones, with the evidence.",
	Fields: []Field{
		{Name: "supporter_a", Type: String, Required: true, Description: "The first supporter of the pair (supporters.supporter_id, the smaller)."},
		{Name: "supporter_b", Type: String, Required: true, Description: "The second supporter of the pair."},
		{Name: "verdict", Type: String, Required: true, Enum: []string{"same", "related", "distinct"}, Description: "same: one organisation listed twice; related: one group's entities, each a supporter; distinct: a coincidence."},
		{Name: "evidence", Type: String, Required: true, Description: "Why, from the published fields."},
	},
	PrimaryKey: []string{"supporter_a", "supporter_b"},
}

// Duplicates is every duplicate candidate with its review.
var Duplicates = &Table{
	Name: "duplicates", Path: "duplicates", Derived: true,
	Title:       "Supporters possibly listed twice",
	Description: "Every pair of supporters that share a website domain, a LinkedIn page or a normalised name (legal forms and generic words dropped), with the reviewed verdict. Pairs judged the same organisation are counted once by query's distinct count.",
	Fields: []Field{
		{Name: "supporter_a", Type: String, Required: true, Description: "The first supporter (supporters.supporter_id)."},
		{Name: "supporter_b", Type: String, Required: true, Description: "The second supporter (supporters.supporter_id)."},
		{Name: "matches", Type: String, Required: true, Description: "What they share: rule=value; rule=value."},
		{Name: "verdict", Type: String, Required: true, Enum: []string{"same", "related", "distinct"}, Description: "The review (curated/duplicate_review)."},
		{Name: "evidence", Type: String, Required: true, Description: "The reviewer's evidence."},
	},
	PrimaryKey: []string{"supporter_a", "supporter_b"},
	ForeignKeys: []ForeignKey{
		{Fields: []string{"supporter_a"}, Resource: "supporters", RefFields: []string{"supporter_id"}},
		{Fields: []string{"supporter_b"}, Resource: "supporters", RefFields: []string{"supporter_id"}},
	},
	Sources: []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// Misfilings flags supporters whose own published fields contradict their category.
var Misfilings = &Table{
	Name: "misfilings", Path: "misfilings", Derived: true,
	Title:       "Supporters whose published fields contradict their category",
	Description: "Findings, not corrections: a company (nature \"Entreprise\", or a company's legal form in its name) filed outside the private sector, or a think tank, NGO, foundation, university or research centre filed as private sector. Counts keep the category as published.",
	Fields: []Field{
		{Name: "supporter_id", Type: String, Required: true, Unique: true, Description: "The supporter (supporters.supporter_id)."},
		{Name: "name", Type: String, Required: true, Description: "Name as published."},
		{Name: "category", Type: String, Required: true, Enum: Categories, Description: "Category as published (latest)."},
		{Name: "nature", Type: String, Description: "The nature field as published."},
		{Name: "rule", Type: String, Required: true, Enum: []string{"nature", "legal-form"}, Description: "Which field contradicts the category."},
		{Name: "note", Type: String, Required: true, Description: "The contradiction."},
	},
	PrimaryKey:  []string{"supporter_id"},
	ForeignKeys: []ForeignKey{{Fields: []string{"supporter_id"}, Resource: "supporters", RefFields: []string{"supporter_id"}}},
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// JoinDates is every supporter's best-estimate join date.
var JoinDates = &Table{
	Name: "join_dates", Path: "join_dates", Derived: true,
	Title: "Supporters' join dates, estimated",
	Description: "A date_signed is a placeholder when more than half of a batch of at least 100 supporters first listed the same day carry that same value: " +
		"566 of the 567 supporters of the first record (2019-09-16) give the launch day, 2018-11-12, though 362 supported the Call at its launch (51 states, 93 civil-society and 218 private-sector supporters: InCyber, 2018, incyber.org). " +
		"The join date is the supporter's own date_signed where it is not a placeholder and not later than the first listing; otherwise the first listing, " +
		"an upper bound, left-censored (the true date earlier by an unknown time) for the first record.",
	Fields: []Field{
		{Name: "supporter_id", Type: String, Required: true, Unique: true, Description: "The supporter (supporters.supporter_id)."},
		{Name: "date_signed", Type: Date, Description: "The date_signed published."},
		{Name: "date_signed_placeholder", Type: Boolean, Required: true, Description: "Whether date_signed is a bulk placeholder rather than the supporter's own date."},
		{Name: "join_date", Type: Date, Required: true, Description: "Best-estimate join date."},
		{Name: "join_method", Type: String, Required: true, Enum: []string{"date-signed", "first-seen", "first-seen-early", "first-record"}, Description: "date-signed: its own date_signed; first-seen: the first commit listing it (on or before); first-seen-early: listed before its date_signed; first-record: in the first record with no usable date_signed."},
		{Name: "left_censored", Type: Boolean, Required: true, Description: "The true join date is earlier than join_date by an unknown time (the first record)."},
	},
	PrimaryKey:  []string{"supporter_id"},
	ForeignKeys: []ForeignKey{{Fields: []string{"supporter_id"}, Resource: "supporters", RefFields: []string{"supporter_id"}}},
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// ClaimLedger is each data claim's record over the whole history.
var ClaimLedger = &Table{
	Name: "claim_ledger", Path: "claim_ledger", Derived: true,
	Title: "Claim ledger: when each data claim holds",
	Description: "For each claim checked against the supporter history: the periods of the history on which it holds, how many days that is, " +
		"its margin on the chapter's access date (the fewest supporters that, listed or removed, would change its verdict) " +
		"and the supporters whose listing, removal or reclassification changed its verdict.",
	Fields: []Field{
		{Name: "claim_id", Type: String, Required: true, Unique: true, Description: "The claim (claims.id)."},
		{Name: "holds_on", Type: String, Required: true, Description: "Periods it holds, FROM..TO (inclusive) separated by \"; \", or \"never\"."},
		{Name: "days_held", Type: Integer, Required: true, Minimum: i64(0), Description: "Days of the history on which it holds."},
		{Name: "share_held", Type: String, Required: true, Description: "Percentage of the history's days on which it holds."},
		{Name: "margin_access", Type: Integer, Required: true, Minimum: i64(0), Description: "Fewest supporters that would change its verdict on the access date."},
		{Name: "deciding", Type: String, Description: "Supporters (supporters.supporter_id) that changed its verdict, in date order; at most 12, then how many more."},
	},
	PrimaryKey:  []string{"claim_id"},
	ForeignKeys: []ForeignKey{{Fields: []string{"claim_id"}, Resource: "claims", RefFields: []string{"id"}}},
	Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// Derived lists the tables build writes, in dependency order.
var Derived = []*Table{Principles, Frameworks, Coverage, CyberPower, DoctrineTimeline, Countries, Supporters, SupporterFiles, SupporterPublished, CategoryChanges, Duplicates, Misfilings, JoinDates, NamedCountries, Claims, ClaimLedger, Errata}

// Curated inputs. Most have the shape of the table they become.

func curated(t *Table, name string, fields []Field, pk []string) *Table {
	c := &Table{Name: "curated_" + name, Path: "curated/" + name, Title: "Curated: " + t.Title, Description: "Human-edited transcription; build checks it and writes " + t.Name + ".", Sources: t.Sources, PrimaryKey: pk}
	c.Fields = fields
	return c
}

var (
	CuratedPrinciples = curated(Principles, "principles", Principles.Fields, Principles.PrimaryKey)
	CuratedFrameworks = curated(Frameworks, "frameworks", Frameworks.Fields, Frameworks.PrimaryKey)
	CuratedCyberPower = curated(CyberPower, "cyber_power", CyberPower.Fields, CyberPower.PrimaryKey)
	CuratedCoverage   = curated(Coverage, "coverage", Coverage.Pick("framework_id", "principle_id", "mark", "source"), Coverage.PrimaryKey)
	CuratedTimeline   = curated(DoctrineTimeline, "doctrine_timeline", slices.Concat(
		DoctrineTimeline.Pick("id"),
		[]Field{
			{Name: "date", Type: String, Required: true, Pattern: datePattern, Description: "YYYY, YYYY-MM or YYYY-MM-DD."},
			{Name: "end_date", Type: String, Pattern: datePattern, Description: "End of a period, if any."},
		},
		DoctrineTimeline.Pick("level", "kind", "label_en", "label_id", "description_id", "description_en", "citation", "section", "date_note"),
	), []string{"id"})
	CuratedNamedCountries = curated(NamedCountries, "named_countries", NamedCountries.Fields, NamedCountries.PrimaryKey)
	CuratedClaims         = curated(Claims, "claims", slices.Concat(
		Claims.Pick("id", "section", "kind", "quote", "claim_en"),
		[]Field{
			{Name: "metric", Type: String, Required: true, Enum: ClaimMetrics, Description: "What is measured."},
			{Name: "params", Type: String, Pattern: `[a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*`, Description: "Parameters of the metric: key=value;key=value."},
			{Name: "op", Type: String, Enum: []string{"=", ">", ">=", "<", "<=", "~", "in"}, Description: "Comparison; ~ means within 10%; in means the observed date falls in the period the chapter states (2008-02 holds for 2008-02-14, not for 2008-06-17)."},
			{Name: "expected", Type: String, Description: "The value the chapter states."},
		},
		Claims.Pick("note"),
	), []string{"id"})
)

// CLDRTerritories is the country and area names of a current CLDR release,
// derived by the cldr command from the CLDR JSON packages.
var CLDRTerritories = &Table{
	Name: "cldr_territories", Path: "reference/cldr_territories",
	Title:       "Unicode CLDR territory names and UN M49 regions",
	Description: "Every country (ISO 3166-1 alpha-2) and UN M49 area (three digits) CLDR names, with its name in English, French, Indonesian and Spanish, the UN M49 region and sub-region that contain it (CLDR's territory containment) and the CLDR version (from the npm packages cldr-core and cldr-localenames-full, pinned in .ci/cldr). The countries table takes its names and regions from here.",
	Fields: slices.Concat(
		[]Field{{Name: "code", Type: String, Required: true, Unique: true, Pattern: `[A-Z]{2}|[0-9]{3}`, Description: "ISO 3166-1 alpha-2 code or UN M49 area code."}},
		namesIn("name", "%s name."),
		[]Field{
			{Name: "region_m49", Type: String, Pattern: `[0-9]{3}`, Description: "The UN M49 region (002 Africa, 019 Americas, 142 Asia, 150 Europe, 009 Oceania) that contains the territory, by CLDR's territory containment; empty for the World, the regions themselves, groupings that are not M49 areas (EU, 419, 202, QO…) and Antarctica."},
			{Name: "subregion_m49", Type: String, Pattern: `[0-9]{3}`, Description: "The finest UN M49 area between the region and the territory (the intermediate region where M49 has one, e.g. 014 Eastern Africa); empty where there is none."},
			{Name: "cldr_version", Type: String, Required: true, Pattern: `[0-9]+\.[0-9]+(\.[0-9]+)?`, Description: "CLDR release."},
		},
	),
	PrimaryKey: []string{"code"},
	Sources:    []Source{{Title: "Unicode CLDR JSON (cldr-localenames-full, cldr-core)", Path: "https://github.com/unicode-org/cldr-json"}},
}

// Evidence is the public sources a claim is checked against.
var Evidence = &Table{
	Name: "evidence", Path: "curated/evidence",
	Title: "Public sources the chapter's claims are checked against",
	Description: "One row per source passage read for a claim of kind public-sources: who published it, where, when, the passage quoted as read and the date it was read, " +
		"and what it states in the claim's terms (value), from which build computes the claim's verdict.",
	Fields: []Field{
		{Name: "claim_id", Type: String, Required: true, Pattern: slugPattern, Description: "The claim (claims.id)."},
		{Name: "source_title", Type: String, Required: true, Description: "Title of the page or document."},
		{Name: "publisher", Type: String, Required: true, Description: "Who publishes it."},
		{Name: "source_type", Type: String, Required: true, Enum: []string{"official", "primary", "secondary"}, Description: "official: a government, parliament, treaty office or EU record; primary: the actor itself or a record made at the time; secondary: press or research."},
		{Name: "url", Type: String, Required: true, Pattern: `https?://\S+`, Description: "Address the passage was read at."},
		{Name: "published", Type: String, Required: true, Pattern: datePattern, Description: "Publication date of the source, at the precision known (YYYY, YYYY-MM or YYYY-MM-DD)."},
		{Name: "quote", Type: String, Required: true, Description: "The passage, verbatim as read (possibly shortened with […])."},
		{Name: "retrieved", Type: Date, Required: true, Description: "The day the passage was read."},
		{Name: "value", Type: String, Required: true, Description: "What the passage states, in the claim's terms: a date (YYYY, YYYY-MM or YYYY-MM-DD), a number, or true/false for whether it bears the chapter's statement out."},
		{Name: "note", Type: String, Description: "How the passage is read."},
	},
	PrimaryKey: []string{"claim_id", "url"},
}

// NotCheckable lists the chapter's sentences that are not in the claims table, and why.
var NotCheckable = &Table{
	Name: "not_checkable", Path: "curated/not_checkable",
	Title:       "Sentences of the chapter not checked, and why",
	Description: "The statements of the chapter read and judged not checkable (opinion, definition, the chapter's own plan), or checkable but not checked yet, with the reason.",
	Fields: []Field{
		{Name: "id", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier; a doctrine_timeline id where the sentence dates an event that has no source yet."},
		{Name: "section", Type: String, Required: true, Description: "Chapter section."},
		{Name: "quote", Type: String, Required: true, Description: "The chapter's words (Indonesian)."},
		{Name: "status", Type: String, Required: true, Enum: []string{"not checkable", "not checked yet"}, Description: "Not checkable, or checkable against public sources but without a source collected yet."},
		{Name: "reason", Type: String, Required: true, Description: "Why."},
	},
	PrimaryKey: []string{"id"},
	Sources:    []Source{chapterSource},
}

// The crosswalks are inputs that are also published as they are.
var (
	NationalityCrosswalk = &Table{
		Name: "nationality_crosswalk", Path: "curated/nationality_crosswalk",
		Title:       "Nationality crosswalk",
		Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
		Description: "Explicit mapping of published nationality values (and 2019 state names) that are not current ISO 3166-1 alpha-3 codes or CLDR country names. An empty alpha3 means the value names no country.",
		Fields: []Field{
			{Name: "published", Type: String, Unique: true, Description: "The value as published."},
			{Name: "alpha3", Type: String, Pattern: alpha3, Description: "The ISO 3166-1 alpha-3 code it means, or empty for no country."},
			{Name: "note", Type: String, Required: true, Description: "Why."},
		},
		PrimaryKey: []string{"published"},
	}
	CategoryCrosswalk = &Table{
		Name: "category_crosswalk", Path: "curated/category_crosswalk",
		Title:       "Category crosswalk",
		Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
		Description: "Explicit mapping of every category value the upstream has published to the supporters table's categories.",
		Fields: []Field{
			{Name: "published", Type: String, Unique: true, Description: "The value as published (may be empty)."},
			{Name: "category", Type: String, Required: true, Enum: Categories, Description: "The category it maps to."},
			{Name: "note", Type: String, Required: true, Description: "Why."},
		},
		PrimaryKey: []string{"published"},
	}
	SupporterLinks = &Table{
		Name: "supporter_links", Path: "curated/supporter_links",
		Title:       "Supporter identity links",
		Sources:     []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
		Description: "Reviewed links between a supporter file that disappeared and the file that replaced it, where the name changed too much for the automatic rules (see supporter_files).",
		Fields: []Field{
			{Name: "from_path", Type: String, Required: true, Unique: true, Description: "Last path of the file that disappeared."},
			{Name: "to_path", Type: String, Required: true, Unique: true, Description: "First path of the file that replaced it."},
			{Name: "reason", Type: String, Required: true, Description: "Evidence that both are the same supporter."},
		},
		PrimaryKey: []string{"from_path"},
	}
)

// The adherence panel: who is bound by, or has signed or supported, which
// cyber instrument, since when, each row with its source.

// AdherenceEventKinds are the events of the panel, in the order a state
// usually meets them.
var AdherenceEventKinds = []string{"invitation", "signature", "ratification", "accession", "acceptance", "entry-into-force", "support", "withdrawal"}

// statusPattern is the claim_id of an evidence row that records a status
// page read for the panel rather than a source of a chapter claim.
const statusPattern = `status-[a-z0-9]+(-[a-z0-9]+)*`

// StatusPrefix begins the claim_id of every such evidence row.
const StatusPrefix = "status-"

// InstrumentKinds are the kinds of instrument of the panel.
var InstrumentKinds = []string{"treaty", "declaration", "industry coalition"}

// InstrumentMeasures are what an official total counts.
var InstrumentMeasures = []string{"parties", "signatories", "signatories-not-parties", "invited", "members", "supporters", "states"}

// Instruments is one row per instrument of the panel.
var Instruments = &Table{
	Name: "instruments", Path: "instruments", Derived: true,
	Title: "Cyber instruments of the adherence panel",
	Description: "The Paris Call and the treaties, declarations and industry coalitions around it: names, kind, opening date, the official status source, " +
		"the latest official total read (see instrument_coverage for every total) and how many parties the panel identifies on that date.",
	Fields: []Field{
		{Name: "id", Type: String, Required: true, Unique: true, Pattern: slugPattern, Description: "Stable identifier (frameworks.id where the chapter's Tabel 2.1 has the instrument)."},
		{Name: "name_en", Type: String, Required: true, Description: "Official English name."},
		{Name: "name_fr", Type: String, Required: true, Description: "French name (official where the instrument has one; see note)."},
		{Name: "name_id", Type: String, Required: true, Description: "Indonesian name (the project's translation unless note says otherwise)."},
		{Name: "kind", Type: String, Required: true, Enum: InstrumentKinds, Description: "Treaty, declaration or industry coalition."},
		{Name: "opened", Type: Date, Required: true, Description: "First day of the period it opened for signature or support in."},
		{Name: "opened_iso", Type: String, Required: true, Pattern: datePattern, Description: "The opening date at the precision known."},
		{Name: "status_url", Type: String, Required: true, Pattern: `https?://\S+`, Description: "The official status page or list."},
		{Name: "status_publisher", Type: String, Required: true, Description: "Who publishes it."},
		{Name: "official_total", Type: Integer, Minimum: i64(0), Description: "The latest official total read (empty if none was reached)."},
		{Name: "official_measure", Type: String, Enum: InstrumentMeasures, Description: "What official_total counts."},
		{Name: "official_qualifier", Type: String, Enum: []string{"exact", "more than", "list"}, Description: "exact; more than (a lower bound); list (the official list itself, counted)."},
		{Name: "official_date_iso", Type: String, Pattern: datePattern, Description: "The date the total is stated for, at its precision."},
		{Name: "official_source", Type: String, Description: "Publisher and address of the total."},
		{Name: "identified", Type: Integer, Required: true, Minimum: i64(0), Description: "Parties the panel counts under official_measure on the last day of official_date_iso (all parties it has, if no total was reached)."},
		{Name: "parties", Type: Integer, Required: true, Minimum: i64(0), Description: "Distinct parties in adherence_events."},
		{Name: "events", Type: Integer, Required: true, Minimum: i64(0), Description: "Rows in adherence_events."},
		{Name: "events_official_or_primary", Type: Integer, Required: true, Minimum: i64(0), Description: "Of them, rows whose source is official or primary."},
		{Name: "note", Type: String, Required: true, Description: "What the sources reached cover and what they do not."},
	},
	PrimaryKey: []string{"id"},
	Sources:    []Source{{Title: "Official status pages and lists, see evidence (claim_id status-*)"}, {Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// AdherenceEvents is the dated panel.
var AdherenceEvents = &Table{
	Name: "adherence_events", Path: "adherence_events", Derived: true,
	Title: "Adherence events: who signed, ratified, acceded to or supported which instrument, and when",
	Description: "One row per party, instrument and event. Treaty rows are transcribed from official status pages (evidence rows status-*); Paris Call rows are derived from the supporter history " +
		"(support on the join date of join_dates, withdrawal on removal from the list); Tech Accord and Charter of Trust rows beyond the founders come from the alliance field of the Call's 2019 records. " +
		"An event of bound \"on\" happened within date_iso; of bound \"on or before\", on date or earlier (a first listing). A party is counted on a day D only if the event certainly happened by D: the last day of date_iso for \"on\", date for \"on or before\".",
	Fields: []Field{
		{Name: "instrument", Type: String, Required: true, Description: "The instrument (instruments.id)."},
		{Name: "party", Type: String, Required: true, Description: "ISO 3166-1 alpha-3 code for a state; for an organisation, its Paris Call supporter_id or a stable slug."},
		{Name: "party_kind", Type: String, Required: true, Enum: []string{"state", "organisation"}, Description: "State or organisation."},
		{Name: "country", Type: String, Pattern: alpha3, Description: "The state (countries.alpha3), or an organisation's nationality as the Paris Call publishes it; empty if none."},
		{Name: "name", Type: String, Required: true, Description: "The party's name as the source prints it."},
		{Name: "event", Type: String, Required: true, Enum: AdherenceEventKinds, Description: "What happened."},
		{Name: "date", Type: Date, Required: true, Description: "First day of date_iso."},
		{Name: "date_iso", Type: String, Required: true, Pattern: datePattern, Description: "The date at the precision the source gives."},
		{Name: "precision", Type: String, Required: true, Enum: []string{"year", "month", "day"}, Description: "Precision of date_iso."},
		{Name: "bound", Type: String, Required: true, Enum: []string{"on", "on or before"}, Description: "Whether the event happened on date_iso or on or before it (an upper bound)."},
		{Name: "source_type", Type: String, Required: true, Enum: []string{"official", "primary", "secondary"}, Description: "The source's type, as in evidence."},
		{Name: "evidence", Type: String, Description: "The evidence row (evidence.claim_id) that states the event; empty for rows derived from the supporter history."},
		{Name: "source", Type: String, Required: true, Description: "Publisher and address of the source, or the supporter history row it is derived from."},
		{Name: "note", Type: String, Description: "How the row is read."},
	},
	PrimaryKey: []string{"instrument", "party", "event"},
	ForeignKeys: []ForeignKey{
		{Fields: []string{"instrument"}, Resource: "instruments", RefFields: []string{"id"}},
		{Fields: []string{"country"}, Resource: "countries", RefFields: []string{"alpha3"}},
	},
	Sources: []Source{{Title: "Official status pages and lists, see evidence (claim_id status-*)"}, {Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// InstrumentCoverage reconciles the panel with every official total read.
var InstrumentCoverage = &Table{
	Name: "instrument_coverage", Path: "instrument_coverage", Derived: true,
	Title: "Official totals against the parties the panel identifies",
	Description: "For each official total read (and, for the Paris Call, its list on the history's first day, the chapter's access date and its last day): " +
		"the total, how many parties the panel counts under the same measure on the last day of the date, and how many it lacks. What is missing is counted, never filled in.",
	Fields: []Field{
		{Name: "instrument", Type: String, Required: true, Description: "The instrument (instruments.id)."},
		{Name: "date_iso", Type: String, Required: true, Pattern: datePattern, Description: "The date the total is stated for."},
		{Name: "as_of", Type: Date, Required: true, Description: "The day the panel is counted on: the last day of date_iso."},
		{Name: "measure", Type: String, Required: true, Enum: InstrumentMeasures, Description: "What is counted: parties (ratified, accepted or acceded), signatories (signed, whether or not a party since), signatories-not-parties, invited (invited, not yet parties), members or supporters (and states, the Paris Call's supporting states)."},
		{Name: "official_total", Type: Integer, Required: true, Minimum: i64(0), Description: "The total the source states."},
		{Name: "qualifier", Type: String, Required: true, Enum: []string{"exact", "more than", "list"}, Description: "exact; more than (a lower bound); list (the official list itself, counted)."},
		{Name: "identified", Type: Integer, Required: true, Minimum: i64(0), Description: "Parties the panel counts under measure on as_of."},
		{Name: "missing", Type: Integer, Description: "official_total - identified where the total is exact and the panel has fewer; empty otherwise."},
		{Name: "extra", Type: Integer, Description: "identified - official_total where the panel counts more than an exact total (a disagreement to read in note); empty otherwise."},
		{Name: "source_type", Type: String, Required: true, Enum: []string{"official", "primary", "secondary"}, Description: "The total's source type."},
		{Name: "source", Type: String, Required: true, Description: "Publisher and address of the total (evidence), or the supporter history."},
		{Name: "note", Type: String, Required: true, Description: "What is missing, in words."},
	},
	PrimaryKey:  []string{"instrument", "date_iso", "measure"},
	ForeignKeys: []ForeignKey{{Fields: []string{"instrument"}, Resource: "instruments", RefFields: []string{"id"}}},
	Sources:     []Source{{Title: "Official status pages and lists, see evidence (claim_id status-*)"}, {Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// Curated inputs of the panel.
var (
	CuratedInstruments = &Table{
		Name: "curated_instruments", Path: "curated/instruments",
		Title: "Curated: the instruments of the adherence panel", Description: "Human-edited; build checks it and writes instruments.",
		Fields: slices.Concat(Instruments.Pick("id", "name_en", "name_fr", "name_id", "kind"),
			[]Field{{Name: "opened", Type: String, Required: true, Pattern: datePattern, Description: "YYYY, YYYY-MM or YYYY-MM-DD."}},
			Instruments.Pick("status_url", "status_publisher", "note")),
		PrimaryKey: []string{"id"},
	}
	CuratedAdherenceEvents = &Table{
		Name: "curated_adherence_events", Path: "curated/adherence_events",
		Title: "Curated: adherence events transcribed from status pages", Description: "Human-edited transcription, one row per event read; build checks it against evidence and countries and writes adherence_events with the events derived from the supporter history.",
		Fields: slices.Concat(AdherenceEvents.Pick("instrument", "party", "party_kind"),
			[]Field{
				{Name: "name_as_printed", Type: String, Required: true, Description: "The party's name as the source prints it."},
				{Name: "event", Type: String, Required: true, Enum: AdherenceEventKinds, Description: "What happened."},
				{Name: "date", Type: String, Required: true, Pattern: datePattern, Description: "YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it."},
				{Name: "bound", Type: String, Required: true, Enum: []string{"on", "on or before"}, Description: "on: the event happened within date; on or before: date is an upper bound (a day)."},
				{Name: "evidence", Type: String, Required: true, Pattern: statusPattern, Description: "The evidence row (evidence.claim_id) of the page read."},
			},
			AdherenceEvents.Pick("note")),
		PrimaryKey: []string{"instrument", "party", "event"},
	}
	CuratedInstrumentTotals = &Table{
		Name: "curated_instrument_totals", Path: "curated/instrument_totals",
		Title: "Curated: official totals of the instruments", Description: "Every total of parties, signatories, invited states or members read, with its evidence row; build reconciles each with the panel in instrument_coverage.",
		Fields: []Field{
			{Name: "instrument", Type: String, Required: true, Description: "The instrument (instruments.id)."},
			{Name: "date", Type: String, Required: true, Pattern: datePattern, Description: "The date the total is stated for, at its precision."},
			{Name: "measure", Type: String, Required: true, Enum: InstrumentMeasures, Description: "What it counts."},
			{Name: "value", Type: Integer, Required: true, Minimum: i64(0), Description: "The total."},
			{Name: "qualifier", Type: String, Required: true, Enum: []string{"exact", "more than"}, Description: "exact or more than."},
			{Name: "evidence", Type: String, Required: true, Pattern: statusPattern, Description: "The evidence row (evidence.claim_id)."},
			{Name: "evidence_url", Type: String, Required: true, Pattern: `https?://\S+`, Description: "Its url (evidence.url)."},
			{Name: "note", Type: String, Description: "How the total is read."},
		},
		PrimaryKey: []string{"instrument", "date", "measure"},
	}
)

// CoMembership is which states had joined which combination of instruments.
var CoMembership = &Table{
	Name: "co_membership", Path: "co_membership", Derived: true,
	Title: "Co-membership: the combinations of instruments states had joined, on a date",
	Description: "For the chapter's access date, the supporter history's last day and the panel's latest event: the states that had joined exactly each combination of the instruments open to states " +
		"(signed, ratified, accepted, acceded to or supported, not withdrawn; an invitation alone does not count), from adherence_events. " +
		"A state the panel does not identify for an instrument counts as not having joined it, so combinations are as complete as instrument_coverage says.",
	Fields: []Field{
		{Name: "as_of", Type: Date, Required: true, Description: "The day."},
		{Name: "combination", Type: String, Required: true, Description: "The instruments (instruments.id) joined, in instruments order, separated by \" + \"."},
		{Name: "instruments", Type: Integer, Required: true, Minimum: i64(1), Description: "How many instruments the combination has."},
		{Name: "states", Type: Integer, Required: true, Minimum: i64(1), Description: "How many states had joined exactly that combination."},
		{Name: "parties", Type: String, Required: true, Description: "The states (ISO 3166-1 alpha-3), separated by spaces."},
		{Name: "note", Type: String, Description: "What the day's figures rest on."},
	},
	PrimaryKey: []string{"as_of", "combination"},
	Sources:    []Source{{Title: "Official status pages and lists, see evidence (claim_id status-*)"}, {Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

func init() {
	// Appended here, after the tables the panel reads (countries, supporters, join_dates).
	Derived = append(Derived, Instruments, AdherenceEvents, InstrumentCoverage, CoMembership)
}

// The time-to-event tables: who joins an instrument, and when; how long
// non-state supporters stay listed. Each instrument adds its rows under its
// own id, so the adherence panel's instruments join the Paris Call's.
var (
	joiningOutcomes = []string{"joining", "removal"}
	joiningSource   = []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}}

	// Joining is the input of the survival estimates, in counting-process form.
	Joining = &Table{
		Name: "joining", Path: "joining", Derived: true,
		Title: "Time to joining and time listed, in counting-process form",
		Description: "One row per party and outcome: the party is at risk on (entry_days, time_days], days counted from origin, and event says whether the outcome happened at time_days (otherwise it is censored there). " +
			"joining (states): days from the instrument's opening; a state enters at the instrument's first record (left truncation), so the states already listed in the Paris Call's first record (2019-09-16, day 308), whose join date is known only to be on or before it, are not in the table; " +
			"the states are those of the Paris Call site's own country list (_data/country-codes.csv, resolved to ISO 3166-1, Hong Kong left out as not a state) and any state supporter beyond it; a state that has not joined is censored at the data's last day (and left out when that is the first record's day); a join date taken from the first listing is an upper bound. " +
			"removal (non-state supporters): days from the supporter's first listing in the record (for the first record, at least that long before), with removal from the list as the event; a supporter removed the day it was first listed, or first listed on the data's last day, has no time at risk and is left out.",
		Fields: []Field{
			{Name: "instrument", Type: String, Required: true, Pattern: slugPattern, Description: "The instrument (paris-call)."},
			{Name: "outcome", Type: String, Required: true, Enum: joiningOutcomes, Description: "joining: a state's joining; removal: a non-state supporter's removal from the list."},
			{Name: "group", Type: String, Required: true, Description: "For joining, the state's UN M49 region (CLDR's English name); for removal, the supporter's category."},
			{Name: "party", Type: String, Required: true, Description: "ISO 3166-1 alpha-3 code of a state; supporters.supporter_id of a non-state supporter."},
			{Name: "origin", Type: Date, Required: true, Description: "Day 0 of the party's time: the instrument's opening (joining) or the supporter's first listing (removal)."},
			{Name: "entry_days", Type: Integer, Required: true, Minimum: i64(0), Description: "Days from origin at which the party enters the risk set (left truncation)."},
			{Name: "time_days", Type: Integer, Required: true, Minimum: i64(1), Description: "Days from origin to the event or to censoring; always after entry_days."},
			{Name: "event", Type: Boolean, Required: true, Description: "Whether the outcome happened at time_days; false means censored there."},
		},
		PrimaryKey: []string{"instrument", "outcome", "party"},
		Sources:    joiningSource,
	}

	// JoiningKM is the Kaplan–Meier estimate of each group of joining.
	JoiningKM = &Table{
		Name: "joining_km", Path: "joining_km", Derived: true,
		Title: "Kaplan–Meier estimates of time to joining and time listed",
		Description: "The product-limit estimate for each instrument, outcome and group of the joining table (and all of its parties, group all), at every time some party leaves the risk set, with risk sets that count late entries only after they enter. " +
			"survival is the share not yet joined (joining) or still listed (removal); std_err is Greenwood's standard error of it; ci_lower and ci_upper bound a 95% interval drawn on the log scale (R survfit's default conf.type = \"log\"), capped at 1. " +
			"The standard error and the bounds are empty where survival is 0. Computed by analysis/survival and checked against R's survival package to 1e-6.",
		Fields: []Field{
			{Name: "instrument", Type: String, Required: true, Pattern: slugPattern, Description: "The instrument (joining.instrument)."},
			{Name: "outcome", Type: String, Required: true, Enum: joiningOutcomes, Description: "The outcome (joining.outcome)."},
			{Name: "group", Type: String, Required: true, Description: "The group (joining.group), or all."},
			{Name: "time_days", Type: Integer, Required: true, Minimum: i64(1), Description: "Days from origin."},
			{Name: "n_risk", Type: Integer, Required: true, Minimum: i64(1), Description: "Parties at risk just before time_days."},
			{Name: "n_event", Type: Integer, Required: true, Minimum: i64(0), Description: "Events at time_days."},
			{Name: "n_censor", Type: Integer, Required: true, Minimum: i64(0), Description: "Parties censored at time_days."},
			{Name: "survival", Type: Number, Required: true, Description: "Kaplan–Meier estimate after time_days."},
			{Name: "std_err", Type: Number, Description: "Greenwood standard error of survival."},
			{Name: "ci_lower", Type: Number, Description: "Lower bound of the 95% log-scale interval."},
			{Name: "ci_upper", Type: Number, Description: "Upper bound of the 95% log-scale interval."},
		},
		PrimaryKey: []string{"instrument", "outcome", "group", "time_days"},
		Sources:    joiningSource,
	}

	// JoiningCox is the coefficients of the Cox models of joining.
	JoiningCox = &Table{
		Name: "joining_cox", Path: "joining_cox", Derived: true,
		Title: "Cox proportional-hazards models of states' joining",
		Description: "Each model's coefficients (log hazard ratios of joining), fitted on the joining table's states with their late entry, Efron's handling of tied days, by Newton–Raphson; " +
			"with each term's proportional-hazards test (R cox.zph's score test, transform \"km\"). Checked against R's survival package to 1e-6. " +
			"Models: region, dummies for Africa and the Americas against the states of Asia, Europe and Oceania pooled (no European or Oceanian state joined the Paris Call after its first record, so their own coefficients would be infinite); " +
			"peers, the share of the state's UN M49 sub-region already listed in the first record (regional diffusion). " +
			"A model the data cannot estimate (no events, a covariate constant among the states at risk or separating the events) has no rows.",
		Fields: []Field{
			{Name: "instrument", Type: String, Required: true, Pattern: slugPattern, Description: "The instrument (joining.instrument)."},
			{Name: "outcome", Type: String, Required: true, Enum: joiningOutcomes, Description: "The outcome (joining.outcome)."},
			{Name: "model", Type: String, Required: true, Pattern: slugPattern, Description: "The model."},
			{Name: "term", Type: String, Required: true, Description: "The covariate."},
			{Name: "coef", Type: Number, Required: true, Description: "Log hazard ratio."},
			{Name: "hazard_ratio", Type: Number, Required: true, Description: "exp(coef)."},
			{Name: "std_err", Type: Number, Required: true, Description: "Standard error of coef, from the inverse information matrix."},
			{Name: "z", Type: Number, Required: true, Description: "Wald statistic coef / std_err."},
			{Name: "p_value", Type: Number, Required: true, Description: "Two-sided p-value of z."},
			{Name: "ph_chisq", Type: Number, Description: "Proportional-hazards test of the term (chi-square, 1 df); empty where the data cannot give it."},
			{Name: "ph_p_value", Type: Number, Description: "Its p-value; a small one says the term's hazard ratio changes over time."},
			{Name: "n", Type: Integer, Required: true, Minimum: i64(1), Description: "Parties in the model."},
			{Name: "events", Type: Integer, Required: true, Minimum: i64(0), Description: "Events in the model."},
		},
		PrimaryKey: []string{"instrument", "outcome", "model", "term"},
		Sources:    joiningSource,
	}

	// JoiningTests is the tests of the joining models and groups.
	JoiningTests = &Table{
		Name: "joining_tests", Path: "joining_tests", Derived: true,
		Title: "Tests of time to joining and time listed",
		Description: "log-rank: the k-group log-rank test of the joining table's groups (model group), with risk sets that count late entries only after they enter (R: the score test of a Cox model of the group with exact ties, which is survdiff's statistic); " +
			"likelihood-ratio, wald and score: each Cox model of joining_cox against no covariates; proportional-hazards: the model's global cox.zph test (transform \"km\"). " +
			"A test the data cannot give (a single group, no events) has no row.",
		Fields: []Field{
			{Name: "instrument", Type: String, Required: true, Pattern: slugPattern, Description: "The instrument (joining.instrument)."},
			{Name: "outcome", Type: String, Required: true, Enum: joiningOutcomes, Description: "The outcome (joining.outcome)."},
			{Name: "model", Type: String, Required: true, Pattern: slugPattern, Description: "The model (joining_cox.model), or group for the log-rank test."},
			{Name: "test", Type: String, Required: true, Enum: []string{"log-rank", "likelihood-ratio", "wald", "score", "proportional-hazards"}, Description: "The test."},
			{Name: "chisq", Type: Number, Required: true, Description: "Chi-square statistic."},
			{Name: "df", Type: Integer, Required: true, Minimum: i64(1), Description: "Degrees of freedom."},
			{Name: "p_value", Type: Number, Required: true, Description: "p-value."},
			{Name: "n", Type: Integer, Required: true, Minimum: i64(1), Description: "Parties."},
			{Name: "events", Type: Integer, Required: true, Minimum: i64(0), Description: "Events."},
		},
		PrimaryKey: []string{"instrument", "outcome", "model", "test"},
		Sources:    joiningSource,
	}
)

func init() { Derived = append(Derived, Joining, JoiningKM, JoiningCox, JoiningTests) }
