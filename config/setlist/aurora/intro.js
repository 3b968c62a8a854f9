// aurora / intro: a slow pad that opens with the performer's brightness
note("<c3 ab2 eb3 bb2>").s("triangle").slow(2)
  .lpf(param("brightness").range(300, 3000)).gain(0.5)
