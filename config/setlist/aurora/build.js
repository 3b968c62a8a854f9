// aurora / build: arpeggio over the pad; tension opens the filter
stack(
  note("c3 eb3 g3 bb3").s("sawtooth").lpf(param("tension").range(400, 4000)).gain(0.35),
  note("<c2 ab1 eb2 bb1>").s("triangle").gain(0.6),
  note("c1*4").s("sine").decay(0.15).sustain(0).gain(param("energy"))
)
