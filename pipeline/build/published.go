package build

import (
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/supporters"
)

// publishedTables are the supporters' classifications as published over
// time, and the changes of category among them.
func publishedTables(ps []supporters.Published) (schema.Data, schema.Data, error) {
	pub := schema.Data{Table: schema.SupporterPublished}
	chg := schema.Data{Table: schema.CategoryChanges}
	for i, p := range ps {
		if err := pub.Append(schema.Values{"supporter_id": p.SupporterID, "valid_from": p.From, "valid_to": p.To, "name": p.Name, "category": p.Category,
			"category_published": p.CategoryPublished, "nationality": p.Nationality, "country": p.Country, "path": p.Path}); err != nil {
			return pub, chg, err
		}
		if i > 0 && ps[i-1].SupporterID == p.SupporterID && ps[i-1].Category != p.Category {
			prev := ps[i-1]
			if err := chg.Append(schema.Values{"supporter_id": p.SupporterID, "date": p.From, "name": p.Name, "from_category": prev.Category, "to_category": p.Category,
				"from_published": prev.CategoryPublished, "to_published": p.CategoryPublished}); err != nil {
				return pub, chg, err
			}
		}
	}
	return pub, chg, nil
}
