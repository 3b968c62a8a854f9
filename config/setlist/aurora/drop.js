// aurora / drop: four on the floor; the lead opens with brightness and the right hand's lift
stack(
  note("c1*4").s("sine").decay(0.2).sustain(0).gain(param("energy").range(0.6, 1)),
  s("white*8").decay(0.04).sustain(0).gain(param("energy").range(0.05, 0.3)),
  note("c4 eb4 g4 c5").s("square").lpf(param("brightness").range(800, 5000))
    .gain(param("lift").range(0.15, 0.4)),
  note("<c2 ab1 eb2 bb1>").s("sawtooth").lpf(600).gain(0.5)
)
