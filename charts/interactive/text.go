package interactive

import "github.com/cybernorms/cybernorms/labels"

// textKeys are the map's own words, kept with the study's other words in
// each language's catalogue as "map.KEY". {n}, {date}, {region}, {k} are
// filled in by the page.
var textKeys = []string{"title", "date", "slider", "play", "pause", "first", "last", "total", "country", "region", "eu", "yes", "no", "listed", "nonstate", "status", "supporter", "notyet", "search", "tablecap", "mapkeys", "alt", "onorbefore", "shown", "sortby", "name", "category", "close", "members", "statesince", "statebefore", "notstate", "legendyes", "legendno", "source", "legendsmall", "legendnone", "nojs", "instrument", "since", "views", "world", "download", "official", "incomplete", "nototal", "party", "signatory", "invited", "supporterof", "sum", "noregion", "regionsum", "insttablecap", "instalt", "insts", "none", "inst.paris-call", "instsource"}

// text returns the map's word k in l.
func text(l labels.Lang, k string) string { return l.T("map." + k) }
