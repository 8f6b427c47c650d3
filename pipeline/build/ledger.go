package build

import (
	"fmt"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// ledger is the claim_ledger table: every data claim over the whole history.
func (in *Inputs) ledger(set *datasets.Set) (schema.Data, error) {
	cs, err := claims.Parse(in.Curated[schema.CuratedClaims.Name])
	if err != nil {
		return schema.Data{}, fmt.Errorf("%s:%w", File(in.Dir, schema.CuratedClaims), err)
	}
	ls, err := claims.New(set).Ledgers(cs, datasets.ChapterAccessDate)
	if err != nil {
		return schema.Data{}, err
	}
	return schema.Data{Table: schema.ClaimLedger, Rows: claims.LedgerRows(ls, 12)}, nil
}
