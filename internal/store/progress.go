package store

// Progress follows the triples sent to the store (the command line draws it as a bar).
type Progress interface {
	Start(total int64)
	Add(n int64)
	Finish()
}

type noProgress struct{}

func (noProgress) Start(int64) {}
func (noProgress) Add(int64)   {}
func (noProgress) Finish()     {}
