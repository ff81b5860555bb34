// A KMS v2 plugin for the tests (test/kubernetes/control-plane-apiserver.test.ts): the gRPC
// service kube-apiserver calls on a UNIX domain socket to wrap and unwrap its data keys, built on
// k8s.io/kms's service package. It seals with AES-256-GCM under a key the test makes and hands over
// in a file (64 hexadecimal digits), the key id its SHA-256 digest's first 16 hexadecimal digits.
// Each call is written to standard error ("encrypt", "decrypt", "status"), so a test can see that
// the API server asked it. SIGTERM or SIGINT stops it at once and removes the socket.
package main

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"k8s.io/kms/pkg/service"
)

// plugin seals and opens the API server's data keys with one AES-GCM key.
type plugin struct {
	aead  cipher.AEAD
	keyID string
}

var _ service.Service = (*plugin)(nil)

func newPlugin(key []byte) (*plugin, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("the key has %d bytes; AES-256 needs 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(key)
	return &plugin{aead: aead, keyID: hex.EncodeToString(sum[:])[:16]}, nil
}

// Encrypt seals data: a random nonce, then the ciphertext, the key id as additional data.
func (p *plugin) Encrypt(_ context.Context, uid string, data []byte) (*service.EncryptResponse, error) {
	nonce := make([]byte, p.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	log.Printf("encrypt uid=%s bytes=%d", uid, len(data))
	return &service.EncryptResponse{Ciphertext: p.aead.Seal(nonce, nonce, data, []byte(p.keyID)), KeyID: p.keyID}, nil
}

// Decrypt opens what Encrypt sealed under the same key; anything else is an error.
func (p *plugin) Decrypt(_ context.Context, uid string, req *service.DecryptRequest) ([]byte, error) {
	log.Printf("decrypt uid=%s key=%s", uid, req.KeyID)
	if req.KeyID != p.keyID {
		return nil, fmt.Errorf("sealed under key %q, this plugin holds key %q", req.KeyID, p.keyID)
	}
	n := p.aead.NonceSize()
	if len(req.Ciphertext) < n {
		return nil, errors.New("ciphertext shorter than a nonce")
	}
	return p.aead.Open(nil, req.Ciphertext[:n], req.Ciphertext[n:], []byte(p.keyID))
}

// Status answers the API server's health and key-rotation checks.
func (p *plugin) Status(context.Context) (*service.StatusResponse, error) {
	log.Printf("status key=%s", p.keyID)
	return &service.StatusResponse{Version: "v2", Healthz: "ok", KeyID: p.keyID}, nil
}

func main() {
	socket := flag.String("listen", "", "the UNIX domain socket to serve on (a path; an old socket there is removed)")
	keyFile := flag.String("key-file", "", "a file holding the AES-256 key as 64 hexadecimal digits")
	timeout := flag.Duration("timeout", 3*time.Second, "the gRPC connection timeout")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	if *socket == "" || *keyFile == "" {
		log.Fatal("kms-plugin: --listen and --key-file are required")
	}
	text, err := os.ReadFile(*keyFile)
	if err != nil {
		log.Fatalf("kms-plugin: %v", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(text)))
	if err != nil {
		log.Fatalf("kms-plugin: %s: %v", *keyFile, err)
	}
	p, err := newPlugin(key)
	if err != nil {
		log.Fatalf("kms-plugin: %v", err)
	}
	if err := os.Remove(*socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		log.Fatalf("kms-plugin: %v", err)
	}
	server := service.NewGRPCService(*socket, *timeout, p)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		s := <-stop
		log.Printf("kms-plugin: %v: stopping", s)
		server.Close()
	}()
	log.Printf("kms-plugin: serving key %s on %s", p.keyID, *socket)
	if err := server.ListenAndServe(); err != nil && !errors.Is(err, context.Canceled) {
		log.Printf("kms-plugin: %v", err)
	}
	_ = os.Remove(*socket)
}
