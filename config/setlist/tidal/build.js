// tidal / build: the pulse doubles, the filter rises with the tension
stack(
  n("0 2 4 7 9 7 4 2").scale("A2:minor").s("sawtooth").lpf(param("tension").range(300, 3500)).gain(0.35),
  note("a0*4").s("sine").decay(0.15).sustain(0).gain(param("energy"))
)
