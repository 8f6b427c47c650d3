package display

import (
	"fmt"
	"html"

	"github.com/cybernorms/cybernorms/cite"
)

// AltHTML shows a figure's text alternative as a line under it.
func AltHTML(alt string) string {
	if alt == "" {
		return ""
	}
	return `<p class="cn-alt" style="font-size:12px;color:#444;margin:.2em 0">` + html.EscapeString(alt) + `</p>`
}

// CitationHTML is a compact citation line, with the BibTeX and CSL-JSON
// entries folded below it.
func CitationHTML(it cite.Item) (string, error) {
	csl, err := cite.CSL(it)
	if err != nil {
		return "", err
	}
	// The public commit is the one a reader can look up.
	commit := it.Commit
	if it.PublicCommit != "" {
		commit = it.PublicCommit
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	e := html.EscapeString
	line := Lang.T("nb.cite", cite.Author, it.Title, it.File, it.Package, it.Version, it.AsOf, commit, it.SHA256[:16], cite.ChapterAuthorGiven, cite.ChapterAuthorFamily, cite.ChapterTitle, cite.ArticleURL)
	return fmt.Sprintf(`<div class="cn-cite" style="font-size:11px;color:#555;margin:.2em 0 1em">%s`+
		`<details><summary>%s</summary><pre style="white-space:pre-wrap">%s</pre><pre style="white-space:pre-wrap">%s</pre></details></div>`,
		e(line), e(Lang.T("nb.cite.formats")), e(string(cite.BibTeX(it))), e(string(csl))), nil
}
