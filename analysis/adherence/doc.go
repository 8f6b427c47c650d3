// Package adherence reads the adherence panel (who signed, ratified, acceded
// to or supported which cyber instrument, and when) and says where each party
// stands on a day, and how many parties an official total should count.
//
// Build uses it to reconcile the panel with the official totals, and the
// CLI's query --instrument to list the parties on a day, so both count alike.
package adherence
