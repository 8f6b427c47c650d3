package build

import (
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/supporters"
)

// publishedTables are the supporters' classifications as published over
// time, and the changes of category among them.
func publishedTables(ps []supporters.Published) (schema.Data, schema.Data) {
	pub := schema.Data{Table: schema.SupporterPublished}
	chg := schema.Data{Table: schema.CategoryChanges}
	for i, p := range ps {
		pub.Rows = append(pub.Rows, []string{p.SupporterID, p.From, p.To, p.Name, p.Category, p.CategoryPublished, p.Nationality, p.Country, p.Path})
		if i > 0 && ps[i-1].SupporterID == p.SupporterID && ps[i-1].Category != p.Category {
			prev := ps[i-1]
			chg.Rows = append(chg.Rows, []string{p.SupporterID, p.From, p.Name, prev.Category, p.Category, prev.CategoryPublished, p.CategoryPublished})
		}
	}
	return pub, chg
}
