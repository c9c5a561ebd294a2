package packet

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDiskEnv makes the test binary, run again by
// TestWriteOnAFullDiskLeavesNothing, the process whose files may not grow
// past a limit: the kernel then fails writes with EFBIG, as a full disk
// fails them with ENOSPC, without needing a small file system mounted.
const fullDiskEnv = "ANONYMIZE_TEST_FULL_DISK_DIR"

// TestWriteOnAFullDiskLeavesNothing: on a full disk a packet folder used
// to keep packet.json and the temporary files of the others (the cleanup
// removed "" instead of the file). Now a write that fails leaves the
// folder as it was: no temporary file, and an earlier packet intact.
func TestWriteOnAFullDiskLeavesNothing(t *testing.T) {
	if dir := os.Getenv(fullDiskEnv); dir != "" {
		fullDiskChild(t, dir)
		return
	}
	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	r, err := Render(code, p, meta)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		earlier bool
	}{{"new packet", false}, {"replacing a packet", true}} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			if tc.earlier {
				if _, err := WriteRendered(out, code, Rendered{Markdown: []byte("old md"), JSON: []byte("{}"), HTML: []byte("old html")}); err != nil {
					t.Fatal(err)
				}
			}
			// The HTML does not fit under the limit; JSON and Markdown do.
			big := Rendered{Markdown: r.Markdown, JSON: r.JSON, HTML: append(append([]byte(nil), r.HTML...), make([]byte, 256<<10)...)}
			if err := os.WriteFile(filepath.Join(out, "rendered.html"), big.HTML, 0o644); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(out, "rendered.md"), big.Markdown, 0o644)
			os.WriteFile(filepath.Join(out, "rendered.json"), big.JSON, 0o644)
			cmd := exec.Command(os.Args[0], "-test.run=^TestWriteOnAFullDiskLeavesNothing$", "-test.v")
			cmd.Env = append(os.Environ(), fullDiskEnv+"="+out, "ANONYMIZE_TEST_CODE="+code)
			logs, _ := cmd.CombinedOutput()
			if !strings.Contains(string(logs), "write failed:") || !strings.Contains(string(logs), "file too large") {
				t.Fatalf("the write under the limit did not fail as a full disk does:\n%s", logs)
			}
			entries, _ := os.ReadDir(filepath.Join(out, code))
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
				if IsTempFile(e.Name()) {
					t.Errorf("temporary file left: %s", e.Name())
				}
			}
			if tc.earlier {
				md, _ := os.ReadFile(filepath.Join(out, code, MarkdownFile))
				js, _ := os.ReadFile(filepath.Join(out, code, JSONFile))
				if string(md) != "old md" || string(js) != "{}" {
					t.Errorf("the earlier packet changed: md %q, json %.40q", md, js)
				}
			} else if len(names) != 0 {
				t.Errorf("a failed first write left %v", names)
			}
		})
	}
}

func fullDiskChild(t *testing.T, out string) {
	code := os.Getenv("ANONYMIZE_TEST_CODE")
	var r Rendered
	r.HTML, _ = os.ReadFile(filepath.Join(out, "rendered.html"))
	r.Markdown, _ = os.ReadFile(filepath.Join(out, "rendered.md"))
	r.JSON, _ = os.ReadFile(filepath.Join(out, "rendered.json"))
	// Without this the kernel kills the process instead of failing the
	// write.
	signal.Ignore(syscall.SIGXFSZ)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = 128 << 10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	_, err := WriteRendered(out, code, r)
	fmt.Printf("write failed: %v\n", err)
}
