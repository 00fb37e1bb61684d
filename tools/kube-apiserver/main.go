// Command esokit-kube-apiserver is a test-only Kubernetes API server: kube-apiserver from the
// pinned k8s.io/kubernetes module in front of an embedded, single-member etcd. It serves the
// server-side dry-run checks in test/apiserver and is never meant for a real cluster.
//
//	esokit-kube-apiserver certs DIR
//	    writes throwaway ca.crt, serving.crt/.key (for 127.0.0.1) and sa.key/sa.pub into DIR
//	esokit-kube-apiserver serve --etcd-dir DIR [--exit-with-stdin] [--remove-on-exit DIR] -- KUBE-APISERVER-FLAGS...
//	    starts etcd on 127.0.0.1 and runs kube-apiserver with --etcd-servers pointing at it
package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "certs":
		if len(os.Args) != 3 {
			usage()
		}
		if err := writeCerts(os.Args[2]); err != nil {
			fatal(err)
		}
	case "serve":
		os.Exit(serve(os.Args[2:]))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: esokit-kube-apiserver certs DIR | serve --etcd-dir DIR [--exit-with-stdin] [--remove-on-exit DIR] -- KUBE-APISERVER-FLAGS...")
	os.Exit(2)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "esokit-kube-apiserver:", err)
	os.Exit(1)
}

func serve(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	etcdDir := fs.String("etcd-dir", "", "etcd data directory (created if missing)")
	exitWithStdin := fs.Bool("exit-with-stdin", false, "shut down when stdin reaches EOF")
	removeOnExit := fs.String("remove-on-exit", "", "directory to delete after shutting down")
	_ = fs.Parse(args)
	if *etcdDir == "" {
		usage()
	}
	if *removeOnExit != "" {
		// Also when the parent was killed and cannot clean up: the certificates and token go too.
		defer os.RemoveAll(*removeOnExit)
	}

	etcd, err := startEtcd(*etcdDir)
	if err != nil {
		fatal(err)
	}

	// Our output goes to the parent through pipes. If it dies, writing the log must not kill us
	// with SIGPIPE before we have shut down and cleaned up.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)

	// kube-apiserver shuts down gracefully on the first SIGTERM/SIGINT and exits at once (without
	// our cleanup) on a second one, so we send our own only when none came from outside.
	var signaled atomic.Bool
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		for range signals {
			signaled.Store(true)
		}
	}()

	if *exitWithStdin {
		// The parent holds our stdin open; EOF means it is gone (even when it was killed and could
		// not signal us), so no orphaned server outlives a crashed test run.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			if !signaled.Load() {
				_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			}
		}()
	}
	var stopping atomic.Bool
	go func() {
		// Closing etcd reports its closed listeners here: only errors before that are failures.
		if err := <-etcd.Err(); err != nil && !stopping.Load() {
			fatal(fmt.Errorf("etcd: %w", err))
		}
	}()

	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(append(fs.Args(), "--etcd-servers=http://"+etcd.Clients[0].Addr().String()))
	code := cli.Run(cmd)
	stopping.Store(true)
	etcd.Close()
	return code
}

func startEtcd(dir string) (*embed.Etcd, error) {
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.Name = "esokit-test"
	// Throwaway data of a single member that is never restarted: no need to sync to disk.
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "error"
	// Port 0: the kernel picks free ports, read back from the listeners below.
	local := url.URL{Scheme: "http", Host: "127.0.0.1:0"}
	cfg.ListenClientUrls = []url.URL{local}
	cfg.AdvertiseClientUrls = []url.URL{local}
	cfg.ListenPeerUrls = []url.URL{local}
	cfg.AdvertisePeerUrls = []url.URL{local}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.ListenMetricsUrls = nil

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("starting etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
		return e, nil
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, fmt.Errorf("etcd did not become ready within 60s")
	}
}
