package policy

// Load is the result of loading a policy file.
type Load struct {
	ID        string `json:"id"`
	File      string `json:"file"`
	Added     int    `json:"added"`
	Changed   int    `json:"changed"`
	Unchanged int    `json:"unchanged"`
}

// Version is one stored value of a parameter with when and by whom it
// was loaded, and when a later load replaced it.
type Version struct {
	Param
	LoadedAt     string `json:"loaded_at"`
	LoadedBy     string `json:"loaded_by"`
	SupersededAt string `json:"superseded_at,omitempty"`
}
