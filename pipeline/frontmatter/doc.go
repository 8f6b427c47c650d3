// Package frontmatter parses the YAML front matter of one supporter file of the
// Paris Call site, keeping every scalar exactly as written and its line.
//
// It is deliberately strict and bounded, because the upstream is not trusted:
// size and nesting are limited, anchors and aliases are refused (no alias bombs),
// non-UTF-8 text, duplicate keys and non-scalar values are errors that name the
// line and the field.
package frontmatter
