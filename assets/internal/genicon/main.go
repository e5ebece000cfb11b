// Command genicon draws Shiplog's tray and window icons: a white upward arrow, for shipping,
// on a deep teal rounded square, and the same with an amber dot that shows a block is running.
//
// It draws each shape as exact geometry at four times the final size and averages every
// 4x4 square of samples into one pixel, which is all the anti-aliasing a flat icon needs.
// Run it through go generate in the assets package; it writes icon.png and icon_running.png
// into the working directory.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size   = 512
	factor = 4 // samples per pixel along each axis
)

var (
	teal  = color.NRGBA{0x0F, 0x76, 0x6E, 0xFF}
	white = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	amber = color.NRGBA{0xF5, 0x9E, 0x0B, 0xFF}
)

// A shape says whether a point, in units of the icon's width (0 to 1, y down), is inside it.
type shape func(x, y float64) bool

type layer struct {
	fill  color.NRGBA
	shape shape
}

func roundedSquare(lo, hi, r float64) shape {
	return func(x, y float64) bool {
		if x < lo || x > hi || y < lo || y > hi {
			return false
		}
		// Inside the square, only the corners need the distance test.
		cx := math.Max(lo+r, math.Min(x, hi-r))
		cy := math.Max(lo+r, math.Min(y, hi-r))
		return math.Hypot(x-cx, y-cy) <= r
	}
}

func circle(cx, cy, r float64) shape {
	return func(x, y float64) bool { return math.Hypot(x-cx, y-cy) <= r }
}

func rect(x0, y0, x1, y1 float64) shape {
	return func(x, y float64) bool { return x >= x0 && x <= x1 && y >= y0 && y <= y1 }
}

// convex is a convex polygon whose points run clockwise on screen.
func convex(pts ...[2]float64) shape {
	return func(x, y float64) bool {
		for i, p := range pts {
			q := pts[(i+1)%len(pts)]
			if (q[0]-p[0])*(y-p[1])-(q[1]-p[1])*(x-p[0]) < 0 {
				return false
			}
		}
		return true
	}
}

func union(shapes ...shape) shape {
	return func(x, y float64) bool {
		for _, s := range shapes {
			if s(x, y) {
				return true
			}
		}
		return false
	}
}

// arrow is a bold upward arrow: a wide head over a thick stem, centred on the icon.
func arrow() shape {
	head := convex([2]float64{0.50, 0.16}, [2]float64{0.80, 0.50}, [2]float64{0.20, 0.50})
	stem := rect(0.385, 0.45, 0.615, 0.84)
	return union(head, stem)
}

func render(layers []layer) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const n = factor * factor
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// Average premultiplied samples, then un-premultiply for the NRGBA pixel.
			var r, g, b, a float64
			for sy := 0; sy < factor; sy++ {
				for sx := 0; sx < factor; sx++ {
					x := (float64(px*factor+sx) + 0.5) / (size * factor)
					y := (float64(py*factor+sy) + 0.5) / (size * factor)
					var c color.NRGBA
					for _, l := range layers {
						if l.shape(x, y) {
							c = l.fill
						}
					}
					ca := float64(c.A) / 255
					r += float64(c.R) * ca
					g += float64(c.G) * ca
					b += float64(c.B) * ca
					a += ca
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)),
				G: uint8(math.Round(g / a)),
				B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / n * 255)),
			})
		}
	}
	return img
}

func write(name string, img image.Image) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		log.Fatalf("encode %s: %v", name, err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	base := []layer{
		{teal, roundedSquare(0.02, 0.98, 0.22)},
		{white, arrow()},
	}
	write("icon.png", render(base))

	// The dot sits in the top-right corner inside a transparent moat, so it reads as a
	// separate shape from the teal and the arrow at tray size, on dark and light panels alike.
	running := append(base[:len(base):len(base)],
		layer{color.NRGBA{}, circle(0.81, 0.19, 0.20)},
		layer{amber, circle(0.81, 0.19, 0.16)},
	)
	write("icon_running.png", render(running))
}
