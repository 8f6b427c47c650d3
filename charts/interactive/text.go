package interactive

import "github.com/cybernorms/cybernorms/labels"

// Text is the map's own words. {n}, {date}, {region}, {k} are filled in by
// the page.
var Text = labels.Catalogue{
	"title":       {"Negara pendukung Paris Call dari waktu ke waktu", "Paris Call supporter states over time", "États soutiens de l'Appel de Paris au fil du temps"},
	"date":        {"Tanggal", "Date", "Date"},
	"slider":      {"Tanggal dalam riwayat pendukung", "Date in the supporter history", "Date dans l'historique des soutiens"},
	"play":        {"Putar", "Play", "Lecture"},
	"pause":       {"Jeda", "Pause", "Pause"},
	"first":       {"Catatan pertama", "First record", "Premier relevé"},
	"last":        {"Catatan terakhir", "Last record", "Dernier relevé"},
	"total":       {"Semua pendukung", "All supporters", "Tous les soutiens"},
	"country":     {"Negara", "Country", "Pays"},
	"region":      {"Wilayah", "Region", "Région"},
	"eu":          {"Anggota UE", "EU member", "Membre de l'UE"},
	"yes":         {"ya", "yes", "oui"},
	"no":          {"tidak", "no", "non"},
	"listed":      {"Pertama tercatat", "First listed", "Première inscription"},
	"nonstate":    {"Pendukung non-negara dari negara ini", "Non-state supporters from this country", "Soutiens non étatiques de ce pays"},
	"status":      {"Status", "Status", "Statut"},
	"supporter":   {"negara pendukung", "supporter state", "État soutien"},
	"notyet":      {"bukan negara pendukung", "not a supporter state", "pas un État soutien"},
	"search":      {"Cari negara", "Search a country", "Chercher un pays"},
	"tablecap":    {"Negara pendukung per {date}", "Supporter states as of {date}", "États soutiens au {date}"},
	"mapkeys":     {"Peta: panah kiri dan kanan memilih negara pendukung, Escape menutup keterangan.", "Map: the left and right arrows choose a supporter state, Escape closes the details.", "Carte : les flèches gauche et droite choisissent un État soutien, Échap ferme le détail."},
	"alt":         {"Peta dunia proyeksi Equal Earth: {n} negara pendukung per {date}, terbanyak di {region} ({k}).", "World map, Equal Earth projection: {n} supporter states as of {date}, most of them in {region} ({k}).", "Carte du monde, projection Equal Earth : {n} États soutiens au {date}, la plupart en {region} ({k})."},
	"onorbefore":  {"pada atau sebelum", "on or before", "au plus tard le"},
	"shown":       {"{n} dari {k} negara ditampilkan", "{n} of {k} states shown", "{n} États affichés sur {k}"},
	"sortby":      {"Urutkan menurut kolom ini", "Sort by this column", "Trier selon cette colonne"},
	"name":        {"Nama", "Name", "Nom"},
	"category":    {"Kategori", "Category", "Catégorie"},
	"close":       {"Tutup", "Close", "Fermer"},
	"members":     {"Pendukung non-negara dari {country} per {date}: {n}", "Non-state supporters from {country} as of {date}: {n}", "Soutiens non étatiques de ce pays ({country}) au {date} : {n}"},
	"statesince":  {"Tercatat sebagai negara pendukung pada {date}.", "Listed as a supporter state on {date}.", "Inscrit comme État soutien le {date}."},
	"statebefore": {"Tercatat sebagai negara pendukung pada atau sebelum {date}.", "Listed as a supporter state on or before {date}.", "Inscrit comme État soutien au plus tard le {date}."},
	"notstate":    {"Bukan negara pendukung per {date}.", "Not a supporter state as of {date}.", "Pas un État soutien au {date}."},
	"legendyes":   {"Negara pendukung", "Supporter state", "État soutien"},
	"legendno":    {"Bukan pendukung", "Not a supporter", "Pas un soutien"},
	"source":      {"Sumber: berkas pendukung situs pariscall.international; batas negara: Natural Earth 1:50m; proyeksi Equal Earth.", "Source: pariscall.international supporter files; boundaries: Natural Earth 1:50m; Equal Earth projection.", "Source : fiches des soutiens du site pariscall.international ; frontières : Natural Earth 1:50m ; projection Equal Earth."},
}
