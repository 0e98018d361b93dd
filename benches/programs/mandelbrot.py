# Mandelbrot set membership on a grid, counting points inside.
def mandelbrot(size, max_iter):
    inside = 0
    checksum = 0
    for y in range(size):
        ci = 2.0 * y / size - 1.0
        for x in range(size):
            cr = 2.5 * x / size - 2.0
            zr = zi = 0.0
            i = 0
            while i < max_iter:
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                i += 1
            if i == max_iter:
                inside += 1
            checksum += i
    return inside, checksum

print(mandelbrot(320, 50))
