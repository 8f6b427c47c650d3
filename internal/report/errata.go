package report

import (
	"strconv"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// claimKindsTable is the headline of the claims check: claims per kind of
// check and verdict, on the chapter's date and on the latest date.
func claimKindsTable(set *datasets.Set, l labels.Lang) Table {
	t := Table{Name: "claim-kinds", Caption: l.Pick("Klaim menurut jenis pemeriksaan dan putusan", "Claims by kind of check and verdict"),
		Columns: []string{l.Pick("Jenis", "Kind"), l.Pick("Klaim", "Claims")}, Align: []byte{'l', 'r'}}
	for _, day := range []string{vocab.ChapterAccessDate, set.Span.Last.String()} {
		for _, v := range vocab.Verdicts {
			t.Columns = append(t.Columns, day+": "+v)
			t.Align = append(t.Align, 'r')
		}
	}
	for _, k := range claims.Summarise(set.Claims()) {
		row := []string{k.Kind, strconv.Itoa(k.Claims)}
		for _, m := range []map[string]int{k.Access, k.Latest} {
			for _, v := range vocab.Verdicts {
				row = append(row, strconv.Itoa(m[v]))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	t.Widths = make([]string, len(t.Columns))
	return t
}

// errataTable is where the chapter is wrong on its own date: its words, what
// is found instead, and the source.
func errataTable(set *datasets.Set, l labels.Lang) Table {
	t := Table{Name: "errata", Caption: l.Pick("Ralat: di mana bab ini keliru", "Errata: where the chapter is wrong"),
		Columns: []string{"id", l.Pick("Bagian", "Section"), l.Pick("Kata-kata bab", "The chapter's words"), l.Pick("Klaim", "Claim"),
			l.Pick("Ditemukan", "Found"), l.Pick("Apa kata sumber", "What the sources say"), l.Pick("Sumber", "Source")},
		Align: []byte{'l', 'l', 'l', 'l', 'l', 'l', 'l'}, Widths: []string{"", "", "4cm", "3cm", "", "5cm", "4cm"}}
	for _, e := range set.Errata() {
		t.Rows = append(t.Rows, []string{e.ClaimID, e.Section, e.ChapterSays, e.ClaimEN, e.Found, e.SourcesSay, e.Source})
	}
	return t
}

// ledgerTable is the claim ledger: when each data claim holds over the whole
// history, its margin on the chapter's date and who decided it.
func ledgerTable(set *datasets.Set, l labels.Lang) Table {
	t := Table{Name: "claim-ledger", Caption: l.Pick("Buku besar klaim: kapan setiap klaim data berlaku", "Claim ledger: when each data claim holds"),
		Columns: []string{"id", l.Pick("Berlaku pada", "Holds on"), l.Pick("Hari", "Days"), "%", l.Pick("Margin", "Margin") + " " + vocab.ChapterAccessDate,
			l.Pick("Pendukung penentu", "Deciding supporters")},
		Align: []byte{'l', 'l', 'r', 'r', 'r', 'l'}, Widths: []string{"", "4cm", "", "", "", "5cm"}}
	for _, e := range set.Ledger() {
		t.Rows = append(t.Rows, []string{e.ClaimID, e.HoldsOn, strconv.Itoa(e.DaysHeld), e.ShareHeld, strconv.Itoa(e.MarginAccess), e.Deciding})
	}
	return t
}
