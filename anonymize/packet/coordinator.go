package packet

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CoordinatorSuffix names the default coordinator folder of an output
// folder: OUT's sibling OUT.coordinator.
const CoordinatorSuffix = ".coordinator"

// coordinatorDirMode: the coordinator folder says who is who; only its
// owner may list or enter it.
const coordinatorDirMode os.FileMode = 0o700

// QuarantineDir is the folder, in the coordinator folder, of packets that
// failed the leak gate.
const QuarantineDir = "quarantine"

// DefaultCoordinatorDir returns the coordinator folder that goes with the
// output folder out when none is named: out's sibling "<out>.coordinator"
// (packets -> packets.coordinator). It is never inside out, so that out can
// be zipped or shared with the committee as it is.
func DefaultCoordinatorDir(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("coordinator folder: %w", err)
	}
	if filepath.Dir(abs) == abs {
		return "", fmt.Errorf("coordinator folder: the output folder %s is a file system root; name the coordinator folder (--coordinator DIR)", out)
	}
	rel := filepath.Clean(out)
	if filepath.IsAbs(out) || !strings.HasPrefix(rel, "..") && rel != "." {
		// A relative out stays relative: messages then show the path the
		// user gave.
		return rel + CoordinatorSuffix, nil
	}
	return abs + CoordinatorSuffix, nil
}

// CheckCoordinatorDir refuses a coordinator folder that is the output
// folder or inside it: whoever receives the output folder would receive
// who is who with it.
func CheckCoordinatorDir(out, coord string) error {
	if strings.TrimSpace(coord) == "" {
		return errors.New("coordinator folder: empty path")
	}
	o, err := realish(out)
	if err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	c, err := realish(coord)
	if err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	rel, err := filepath.Rel(o, c)
	if err == nil && (rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return fmt.Errorf("coordinator folder %s is inside the output folder %s, which the committee reads; put it elsewhere (the default is %s%s beside it)", coord, out, filepath.Base(o), CoordinatorSuffix)
	}
	return nil
}

// realish is path made absolute with the symbolic links of its longest
// existing prefix resolved, so that a link cannot hide that one folder is
// inside another.
func realish(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// PrepareCoordinator creates the coordinator folder coord (mode 0700) for
// the output folder out, after checking that it is not inside out, and
// moves into it what older versions kept at the top of out: the packet
// secret (so codes stay the same), key.json (merged into coord's), the
// encrypted keys/ folder, the quarantine and the review records. Afterwards
// out holds nothing that says who is who.
func PrepareCoordinator(out, coord string) error {
	if err := CheckCoordinatorDir(out, coord); err != nil {
		return err
	}
	if err := os.MkdirAll(coord, coordinatorDirMode); err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	if err := os.Chmod(coord, coordinatorDirMode); err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	unlock, err := lockFile(filepath.Join(coord, ".adopt.lock"))
	if err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	defer unlock()
	if err := adoptSecret(out, coord); err != nil {
		return err
	}
	if err := adoptKey(out, coord); err != nil {
		return err
	}
	if err := adoptDir(out, coord, KeysDir); err != nil {
		return err
	}
	if err := adoptDir(out, coord, QuarantineDir); err != nil {
		return err
	}
	if err := adoptDir(out, coord, ReviewDir); err != nil {
		return err
	}
	// The review page is made again from the review folder by the next
	// write; an old one in the output folder only has to go.
	if err := os.Remove(filepath.Join(out, ReviewPage)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	os.Remove(filepath.Join(out, "."+KeyFile+".lock"))
	return nil
}

func adoptSecret(out, coord string) error {
	old := filepath.Join(out, SecretFile)
	oldData, err := os.ReadFile(old)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("packet secret: moving it out of the output folder: %w", err)
	}
	dst := filepath.Join(coord, SecretFile)
	cur, err := os.ReadFile(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := WriteFileAtomic(dst, oldData, privateMode); err != nil {
			return fmt.Errorf("packet secret: moving it out of the output folder: %w", err)
		}
	case err != nil:
		return fmt.Errorf("packet secret: %w", err)
	case !bytes.Equal(bytes.TrimSpace(cur), bytes.TrimSpace(oldData)):
		return fmt.Errorf("packet secret: %s and %s differ; the output folder's is the one its codes were made with: keep one of them (move it into the coordinator folder) before running again", old, dst)
	}
	if err := os.Remove(old); err != nil {
		return fmt.Errorf("packet secret: moving it out of the output folder: %w", err)
	}
	return syncDir(out)
}

func adoptKey(out, coord string) error {
	old := filepath.Join(out, KeyFile)
	entries, err := ReadKey(old)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	// Entries already in the coordinator's file are newer: they win.
	cur, err := ReadKey(filepath.Join(coord, KeyFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := WriteKey(coord, append(entries, cur...)); err != nil {
		return err
	}
	if err := os.Remove(old); err != nil {
		return fmt.Errorf("key file: moving it out of the output folder: %w", err)
	}
	return syncDir(out)
}

// adoptDir moves the entries of out/name (key files, quarantined packet
// folders) into coord/name and removes out/name. An entry coord/name
// already has is newer: the old one is dropped.
func adoptDir(out, coord, name string) error {
	old := filepath.Join(out, name)
	entries, err := os.ReadDir(old)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	dst := filepath.Join(coord, name)
	if err := os.MkdirAll(dst, coordinatorDirMode); err != nil {
		return fmt.Errorf("coordinator folder: %w", err)
	}
	for _, e := range entries {
		from, to := filepath.Join(old, e.Name()), filepath.Join(dst, e.Name())
		if IsTempFile(e.Name()) {
			os.Remove(from)
			continue
		}
		if _, err := os.Lstat(to); err == nil {
			if err := os.RemoveAll(from); err != nil {
				return fmt.Errorf("coordinator folder: %w", err)
			}
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("coordinator folder: moving %s into %s (move it by hand): %w", from, dst, err)
		}
	}
	if err := syncDir(dst); err != nil {
		return err
	}
	if err := os.Remove(old); err != nil {
		return fmt.Errorf("coordinator folder: %s still holds files after moving them out: %w", old, err)
	}
	return syncDir(out)
}
