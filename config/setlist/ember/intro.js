// ember / intro: low embers, D dorian
n("0 ~ 2 ~ 4 ~ 6 ~").scale("D2:dorian").s("triangle").lpf(param("brightness").range(200, 1500)).gain(0.5)
