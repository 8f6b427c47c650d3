package exhibits

import (
	"strings"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// claimKindsTable is the headline of the claims check: claims per kind of
// check and verdict, on the chapter's date and on the latest date.
func claimKindsTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	kt := Table{Name: "claim-kinds", Caption: t("t.kinds"), Columns: []string{t("t.checkkind"), t("t.claims.n")}, Align: []byte{'l', 'r'}}
	for _, day := range []string{l.LongDate(datasets.ChapterAccessDate), l.LongDate(set.Span.Last)} {
		for _, v := range vocab.Verdicts {
			kt.Columns = append(kt.Columns, t("t.kinds.col", day, t(v)))
			kt.Align = append(kt.Align, 'r')
		}
	}
	for _, k := range claims.Summarise(set.Claims()) {
		row := []string{t(k.Kind), l.Int(k.Claims)}
		for _, m := range []map[string]int{k.Access, k.Latest} {
			for _, v := range vocab.Verdicts {
				row = append(row, l.Int(m[v]))
			}
		}
		kt.Rows = append(kt.Rows, row)
	}
	kt.Widths = make([]string, len(kt.Columns))
	return kt
}

// errataTable is where the chapter is wrong on its own date: its words, what
// is found instead, and the source. The chapter's words are quoted as
// printed; the sources' in their own language.
func errataTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	et := Table{Name: "errata", Caption: t("t.errata"),
		Columns: []string{"id", t("t.section"), t("t.words"), t("t.claim"), t("t.found"), t("t.sources"), t("t.source")},
		Align:   []byte{'l', 'l', 'l', 'l', 'l', 'l', 'l'}, Widths: []string{"", "", "4cm", "3cm", "", "5cm", "4cm"},
		// The claim and what the sources say are written in English in the
		// evidence table, each source's title in its own language.
		Lang: []string{"zxx", "", "id", "en", "", "en", "und"}}
	for _, e := range set.Errata() {
		et.Rows = append(et.Rows, []string{e.ClaimID, sectionName(l, e.Section), e.ChapterSays, e.ClaimEN, value(l, e.Found), e.SourcesSay, e.Source})
	}
	return et
}

// ledgerTable is the claim ledger: when each data claim holds over the whole
// history, its margin on the chapter's date and who decided it.
func ledgerTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	lt := Table{Name: "claim-ledger", Caption: t("t.ledger"),
		Columns: []string{"id", t("t.claim"), t("t.holdson"), t("t.days"), "%", t("t.margin", l.LongDate(datasets.ChapterAccessDate)), t("t.deciding")},
		Align:   []byte{'l', 'l', 'l', 'r', 'r', 'r', 'l'}, Widths: []string{"", "4cm", "4cm", "", "", "", "4cm"},
		// Supporters are named as they publish themselves.
		Lang: []string{"zxx", "", "", "", "", "", "und"}}
	claims := map[string]datasets.CheckedClaim{}
	for _, c := range set.Claims() {
		claims[c.ID] = c
	}
	for _, e := range set.Ledger() {
		claim := e.ClaimID
		if s, err := in.Statement(claims[e.ClaimID], l); err == nil {
			claim = s
		}
		var names []string
		for _, id := range strings.Fields(e.Deciding) {
			names = append(names, in.SupporterName(id))
		}
		lt.Rows = append(lt.Rows, []string{e.ClaimID, claim, periods(l, e.HoldsOn), l.Int(e.DaysHeld), e.ShareHeld, l.Int(e.MarginAccess), strings.Join(names, "; ")})
	}
	return lt
}

// periods writes the ledger's periods ("2020-11-20..2021-11-10; …", or
// "never") in l's words.
func periods(l labels.Lang, v string) string {
	if v == "never" {
		return tr(l, "t.never")
	}
	var out []string
	for _, p := range strings.Split(v, "; ") {
		from, to, ok := strings.Cut(p, "..")
		if !ok {
			out = append(out, p)
			continue
		}
		out = append(out, l.PartialDate(from)+" – "+l.PartialDate(to))
	}
	return strings.Join(out, "; ")
}
