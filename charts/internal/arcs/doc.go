// Package arcs cuts polygon rings that share borders into arcs, each border
// once, as TopoJSON does. A line simplified once per arc leaves neighbours
// meeting exactly, where rings simplified one by one open slivers between
// them.
package arcs
