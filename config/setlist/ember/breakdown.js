// ember / breakdown: a slow chord swell on the tension
note("<[d3,f3,a3] [c3,e3,g3]>").s("sawtooth").slow(2)
  .lpf(param("tension").range(200, 2500)).gain(0.35)
