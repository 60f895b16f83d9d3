// Command gen writes the golden tar files used by the C# packing tests.
//
// It builds fixture trees from fixed contents and archives them with Go's archive/tar using the header
// values KitOps uses (tar.FileInfoHeader, then Name = relative path, Uid 1000, Gid 0, no user/group names,
// zero times, default format), visiting entries in filepath.Walk order. Run ./gen.sh from this directory.
package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type node struct {
	path    string
	dir     bool
	mode    os.FileMode
	content string
}

// tree mirrors GoldenFixtures.Tree in GoldenTarTests.cs; keep both in sync.
func tree() []node {
	long1 := strings.Repeat("a", 60) + "/" + strings.Repeat("b", 60)
	long2 := strings.Repeat("d", 10)
	long3 := strings.Repeat("f", 200)
	return []node{
		{path: "a", dir: true, mode: 0o755},
		{path: "a/b", dir: true, mode: 0o750},
		{path: "a/b/c.txt", mode: 0o644, content: "hello\n"},
		{path: "a-b", mode: 0o600, content: "sibling sorted after a/ subtree\n"},
		{path: "run.sh", mode: 0o755, content: "#!/bin/sh\necho hi\n"},
		{path: "empty.txt", mode: 0o644},
		{path: "v1..2.bin", mode: 0o644, content: strings.Repeat("\x01\x02", 300)},
		{path: "shared", dir: true, mode: 0o1777},
		{path: "shared/setuid", mode: 0o4755, content: "x"},
		{path: strings.Repeat("a", 60), dir: true, mode: 0o755},
		{path: long1, dir: true, mode: 0o755},
		{path: long1 + "/" + strings.Repeat("c", 25) + ".txt", mode: 0o644, content: "split into prefix and name\n"},
		{path: long2, dir: true, mode: 0o755},
		{path: long2 + "/" + strings.Repeat("e", 120) + ".bin", mode: 0o644, content: "unsplittable: base name over 100 bytes\n"},
		{path: long3, dir: true, mode: 0o755},
		{path: long3 + "/" + strings.Repeat("g", 95) + ".txt", mode: 0o644, content: "300-byte path\n"},
		{path: "données", dir: true, mode: 0o755},
		{path: "données/é.txt", mode: 0o644, content: "non-ASCII name\n"},
		{path: "z", mode: 0o644, content: strings.Repeat("block-sized content!", 512/20) + "0123456789ab"},
	}
}

func main() {
	out := "."
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	root, err := os.MkdirTemp("", "kit-golden-")
	check(err)
	defer os.RemoveAll(root)

	for _, n := range tree() {
		p := filepath.Join(root, n.path)
		if n.dir {
			check(os.MkdirAll(p, 0o700))
		} else {
			check(os.WriteFile(p, []byte(n.content), 0o600))
		}
	}
	// chmod after creation (deepest first is unnecessary: owner keeps access) so umask never matters.
	for _, n := range tree() {
		check(os.Chmod(filepath.Join(root, n.path), n.mode|modeBits(n.mode)))
	}

	check(os.WriteFile(filepath.Join(out, "tree.tar"), archive(root), 0o644))
	check(os.WriteFile(filepath.Join(out, "empty.tar"), archive(mustEmptyDir()), 0o644))
	check(os.WriteFile(filepath.Join(out, "big-short.hdr"), headerOnly("big.bin", 8<<30), 0o644))
	check(os.WriteFile(filepath.Join(out, "big-long.hdr"), headerOnly(strings.Repeat("p", 80)+"/"+strings.Repeat("q", 80), 8<<30), 0o644))
	check(os.WriteFile(filepath.Join(out, "under-8g.hdr"), headerOnly("almost.bin", 8<<30-1), 0o644))
	check(os.WriteFile(filepath.Join(out, "name100.hdr"), headerOnly(strings.Repeat("n", 100), 5), 0o644))
	check(os.WriteFile(filepath.Join(out, "slash100.hdr"), headerOnly(strings.Repeat("h", 99)+"/"+strings.Repeat("i", 120), 5), 0o644))
	check(os.WriteFile(filepath.Join(out, "split155.hdr"), headerOnly(strings.Repeat("s", 155)+"/"+strings.Repeat("t", 100), 5), 0o644))
	check(os.WriteFile(filepath.Join(out, "nonascii-dir.hdr"), dirHeaderOnly("über/ü"), 0o644))
	writeJSONGoldens(out)
}

// modeBits converts tar-style setuid/setgid/sticky bits (0o4000...) into os.FileMode flags for Chmod.
func modeBits(m os.FileMode) os.FileMode {
	var r os.FileMode
	if m&0o4000 != 0 {
		r |= os.ModeSetuid
	}
	if m&0o2000 != 0 {
		r |= os.ModeSetgid
	}
	if m&0o1000 != 0 {
		r |= os.ModeSticky
	}
	return r
}

func mustEmptyDir() string {
	d, err := os.MkdirTemp("", "kit-golden-empty-")
	check(err)
	return d
}

func archive(root string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := filepath.Walk(root, func(file string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, file)
		if err != nil || rel == "." {
			return err
		}
		hdr, err := tar.FileInfoHeader(fi, "")
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		sanitize(hdr)
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if fi.IsDir() {
			return nil
		}
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	check(err)
	check(tw.Close())
	return buf.Bytes()
}

// headerOnly returns the bytes WriteHeader emits for a regular file too large to materialise.
func headerOnly(name string, size int64) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: size}
	sanitize(hdr)
	check(tw.WriteHeader(hdr))
	return buf.Bytes()
}

// dirHeaderOnly returns the header bytes of a directory entry with mode 0755.
func dirHeaderOnly(name string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: 0o755}
	sanitize(hdr)
	check(tw.WriteHeader(hdr))
	return buf.Bytes()
}

func sanitize(hdr *tar.Header) {
	hdr.AccessTime = time.Time{}
	hdr.ModTime = time.Time{}
	hdr.ChangeTime = time.Time{}
	hdr.Uid = 1000
	hdr.Gid = 0
	hdr.Uname = ""
	hdr.Gname = ""
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
