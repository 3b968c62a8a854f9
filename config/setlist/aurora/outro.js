// aurora / outro: the first chord fading on the energy
note("[c3,g3]").s("sine").slow(4).gain(param("energy").range(0.1, 0.5))
