// Package parquet writes and reads the Parquet files of the datasets: flat
// tables of strings, 64-bit integers, doubles, booleans and dates, one row
// group, one PLAIN-encoded data page per column, zstd compressed.
//
// It is small on purpose: arrow-go's Parquet package links Arrow's compute
// kernels, the largest compile of the command by far, for encodings these
// tables never use; its reader is what the tests check these files against.
package parquet
