package cli

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"
)

// The command line's words a reader sees (the usage, each command's summary,
// each option's description), keyed by message id, one catalogue per
// language: words/LANG.json. Help is written in English; a catalogue of
// another language must hold the same keys.
//
// Keys: CMD.summary; CMD.flag.NAME for an option of one command, else
// flag.NAME for an option every command that has it describes alike; usage.*.
//
//go:embed words/*.json
var wordFiles embed.FS

// helpLang is the language help is written in.
const helpLang = "en"

var cliWords = loadWords()

func loadWords() map[string]map[string]string {
	files, err := wordFiles.ReadDir("words")
	if err != nil {
		panic(err)
	}
	out := map[string]map[string]string{}
	for _, f := range files {
		b, err := wordFiles.ReadFile(path.Join("words", f.Name()))
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("cli: words/%s: %v", f.Name(), err))
		}
		out[strings.TrimSuffix(f.Name(), ".json")] = m
	}
	return out
}

// wordsUsed records the keys looked up, for the test that every key of the
// catalogues is used; commands may run at once.
var (
	wordsMu   sync.Mutex
	wordsUsed = map[string]bool{}
)

// say returns message id, filled in with a when given. A message that is not
// in the catalogue is a programming error and panics, so that a test catches
// it.
func say(id string, a ...any) string {
	s, ok := cliWords[helpLang][id]
	if !ok {
		panic(fmt.Sprintf("cli: no message %q in words/%s.json", id, helpLang))
	}
	wordsMu.Lock()
	wordsUsed[id] = true
	wordsMu.Unlock()
	if len(a) == 0 {
		return s
	}
	return fmt.Sprintf(s, a...)
}

// flagText describes option name of the command fs parses: its own
// description (CMD.flag.NAME) or the one shared by every command (flag.NAME).
func flagText(fs interface{ Name() string }, name string, a ...any) string {
	if id := fs.Name() + ".flag." + name; cliWords[helpLang][id] != "" {
		return say(id, a...)
	}
	return say("flag."+name, a...)
}
