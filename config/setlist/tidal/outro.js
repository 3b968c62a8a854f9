// tidal / outro: the pulse slows down
n("0 4").scale("A2:minor").s("triangle").slow(2).gain(param("energy").range(0.1, 0.4))
