// tidal / drop: kick, hats and a square lead lifted by the right hand
stack(
  note("a0*4").s("sine").decay(0.2).sustain(0).gain(param("energy").range(0.6, 1)),
  s("white*16").decay(0.03).sustain(0).gain(0.15),
  n("<0 3 5 7>*4").scale("A3:minor").s("square")
    .lpf(param("brightness").range(600, 6000)).hpf(param("lift").range(50, 800)).gain(0.3)
)
