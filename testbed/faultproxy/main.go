// faultproxy is a TCP forwarder for failure tests: it forwards a loopback port to a target
// (the test bed's kube-apiserver) and, on SIGUSR1, cuts every open connection with a TCP reset
// and optionally refuses new connections for a while.
//
// Usage:
//
//	faultproxy -target 127.0.0.1:6443 -port-file FILE [-listen 127.0.0.1:0] [-control FILE] [-label TEXT]
//
// The port it listens on is written to -port-file once it accepts connections. On SIGUSR1 it
// reads the control file (default: the port file with ".ctl" appended): a number N > 0 there
// means "cut all connections and refuse new ones for N seconds" (the listener is closed, so
// clients see ECONNREFUSED, then it listens again on the same port); 0, an empty or a missing
// file means "cut all open connections" only. After each SIGUSR1 it writes the number of
// signals handled so far to CONTROL.done, so a caller can wait until the fault is in place.
// SIGTERM or SIGINT stops it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type proxy struct {
	target string
	addr   string // host:port actually bound, reused after an outage

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	ln    net.Listener

	accepted atomic.Int64
	cut      atomic.Int64
	faults   int64 // SIGUSR1s handled; written to CONTROL.done so a caller can wait for it
}

func (p *proxy) track(c net.Conn, add bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
}

// resetAll closes every tracked connection with SO_LINGER 0, so peers get a TCP RST.
func (p *proxy) resetAll() int {
	p.mu.Lock()
	conns := make([]net.Conn, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = c.Close()
	}
	p.cut.Add(int64(len(conns)))
	return len(conns)
}

func (p *proxy) handle(client net.Conn) {
	p.accepted.Add(1)
	upstream, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		log.Printf("dial %s: %v", p.target, err)
		if tc, ok := client.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = client.Close()
		return
	}
	p.track(client, true)
	p.track(upstream, true)
	var wg sync.WaitGroup
	pipe := func(dst, src net.Conn) {
		defer wg.Done()
		_, _ = io.Copy(dst, src)
		// Half-close towards dst so the other direction can drain, as TCP would.
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}
	wg.Add(2)
	go pipe(upstream, client)
	go pipe(client, upstream)
	wg.Wait()
	_ = client.Close()
	_ = upstream.Close()
	p.track(client, false)
	p.track(upstream, false)
}

func (p *proxy) listen() error {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.addr = ln.Addr().String()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				if !errors.Is(err, net.ErrClosed) {
					log.Printf("accept: %v", err)
				}
				return
			}
			go p.handle(c)
		}
	}()
	return nil
}

func (p *proxy) closeListener() {
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	p.mu.Unlock()
	if ln != nil {
		_ = ln.Close()
	}
}

func readOutage(path string) (time.Duration, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(string(data))
	if s == "" {
		return 0, nil
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || secs < 0 {
		return 0, fmt.Errorf("control file %s: want a number of seconds, got %q", path, s)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

func writeFileAtomic(path, content string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	target := flag.String("target", "", "host:port to forward to")
	portFile := flag.String("port-file", "", "file to write the listening port to")
	control := flag.String("control", "", "control file read on SIGUSR1 (default: PORT_FILE.ctl)")
	flag.String("label", "", "free-form text, ignored; lets a supervisor recognise its processes")
	flag.Parse()
	log.SetPrefix("faultproxy: ")
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	if *target == "" || *portFile == "" {
		log.Fatal("-target and -port-file are required")
	}
	if *control == "" {
		*control = *portFile + ".ctl"
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		log.Fatalf("-listen: %v", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		log.Fatalf("-listen must be a loopback address, got %q", host)
	}

	p := &proxy{target: *target, addr: *listen, conns: map[net.Conn]struct{}{}}
	if err := p.listen(); err != nil {
		log.Fatalf("listen: %v", err)
	}
	_, port, _ := net.SplitHostPort(p.addr)
	if err := writeFileAtomic(*portFile, port+"\n"); err != nil {
		log.Fatalf("port file: %v", err)
	}
	log.Printf("forwarding %s -> %s", p.addr, p.target)

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGUSR1, syscall.SIGTERM, syscall.SIGINT)
	var reopen <-chan time.Time
	for {
		select {
		case <-reopen:
			reopen = nil
			for {
				if err := p.listen(); err != nil {
					log.Printf("listen again on %s: %v (retrying)", p.addr, err)
					time.Sleep(100 * time.Millisecond)
					continue
				}
				break
			}
			log.Printf("outage over: accepting on %s again", p.addr)
		case s := <-sigs:
			if s != syscall.SIGUSR1 {
				log.Printf("%v: stopping (accepted %d, cut %d connections)", s, p.accepted.Load(), p.cut.Load())
				p.closeListener()
				p.resetAll()
				return
			}
			outage, err := readOutage(*control)
			if err != nil {
				log.Printf("%v; cutting connections only", err)
			}
			if outage > 0 {
				p.closeListener()
				if reopen == nil {
					log.Printf("refusing connections for %v", outage)
				}
				reopen = time.After(outage)
			}
			n := p.resetAll()
			log.Printf("cut %d open connections", n)
			p.faults++
			_ = writeFileAtomic(*control+".done", strconv.FormatInt(p.faults, 10)+"\n")
		}
	}
}
