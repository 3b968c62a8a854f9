// tidal / intro: a pulse in A minor
n("0 2 4 7").scale("A2:minor").s("sine").gain(param("energy").range(0.2, 0.6))
