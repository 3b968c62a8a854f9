// aurora / breakdown: the pad alone, breathing with the tension
note("<[c3,eb3,g3] [ab2,c3,eb3]>").s("triangle").slow(2)
  .lpf(param("tension").range(300, 2000)).gain(0.45)
