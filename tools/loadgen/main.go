// Command loadgen drives one unary gRPC method at a fixed arrival rate (open loop) or with a
// fixed number of back-to-back callers (closed loop) and prints every call's latency as JSON.
//
// The benchmarks (`npm run bench:*`) use it as the measuring client because it costs the machine
// little: it runs on the same two cores as the service it measures. A Node grpc-js client adds its
// own young-generation GC pauses (about 10 ms each, measured) to the tail it reports, and a grpc-go
// client used 27-34 % of a core at 500 calls a second (see h2.go for why and what this does instead).
// Requests come pre-encoded from the benchmark (protobuf bytes, so the real contract encoder builds
// them), each a uint32 big-endian length then the message; calls use them in turn.
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

type result struct {
	Mode       string    `json:"mode"`
	Sent       int64     `json:"sent"`
	Ok         int64     `json:"ok"`
	Errors     int64     `json:"errors"`
	Shed       int64     `json:"shed"`
	FirstError string    `json:"firstError,omitempty"`
	Seconds    float64   `json:"seconds"`
	Latencies  []float64 `json:"latencies"`
	Lateness   []float64 `json:"lateness"`
}

type metadataFlag []string

func (m *metadataFlag) String() string     { return strings.Join(*m, ",") }
func (m *metadataFlag) Set(v string) error { *m = append(*m, v); return nil }

// readRequests returns each request framed as gRPC sends it: a compression flag (0), the length, the message.
func readRequests(path string) ([][]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 4 {
			return nil, errors.New("truncated length prefix")
		}
		n := binary.BigEndian.Uint32(data)
		if uint32(len(data)-4) < n {
			return nil, errors.New("truncated message")
		}
		framed := make([]byte, 5+n)
		binary.BigEndian.PutUint32(framed[1:], n)
		copy(framed[5:], data[4:4+n])
		out = append(out, framed)
		data = data[4+n:]
	}
	if len(out) == 0 {
		return nil, errors.New("no requests in file")
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func main() {
	// One thread does everything (h2.go); the few allocations per call need no collector during a run.
	runtime.GOMAXPROCS(1)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(1 << 30)

	addr := flag.String("addr", "", "server address host:port")
	method := flag.String("method", "", "full method, /package.Service/Method")
	requestsPath := flag.String("requests", "", "file of length-prefixed encoded requests")
	mode := flag.String("mode", "open", "open (fixed arrival rate) or closed (back-to-back callers)")
	rps := flag.Float64("rps", 500, "open loop: arrivals per second")
	seconds := flag.Float64("seconds", 20, "how long to run")
	maxInFlight := flag.Int("max-in-flight", 256, "open loop: arrivals beyond this many waiting calls are shed")
	concurrency := flag.Int("concurrency", 32, "closed loop: callers")
	deadline := flag.Duration("deadline", 10*time.Second, "per-call deadline")
	progressEvery := flag.Duration("progress", 5*time.Second, "open loop: a progress line on stderr this often")
	var md metadataFlag
	flag.Var(&md, "metadata", "key=value sent with every call (repeatable)")
	flag.Parse()

	fail := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", a...)
		os.Exit(2)
	}
	if *addr == "" || *method == "" || *requestsPath == "" {
		fail("-addr, -method and -requests are required")
	}
	if *mode != "open" && *mode != "closed" {
		fail("-mode must be open or closed, got %q", *mode)
	}
	if *mode == "open" && (*rps <= 0 || *maxInFlight < 1) {
		fail("-rps and -max-in-flight must be positive")
	}
	if *mode == "closed" && *concurrency < 1 {
		fail("-concurrency must be positive")
	}
	requests, err := readRequests(*requestsPath)
	if err != nil {
		fail("reading %s: %v", *requestsPath, err)
	}
	var pairs [][2]string
	for _, kv := range md {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			fail("-metadata %q is not key=value", kv)
		}
		pairs = append(pairs, [2]string{strings.ToLower(k), v})
	}
	c, err := dial(*addr, *method, pairs, *deadline)
	if err != nil {
		fail("connecting to %s: %v", *addr, err)
	}
	defer c.close()

	firstErr := ""
	var ok, errs int64
	// record, set per phase, is told about each finished call after it is counted.
	var record func(cl *call, failed bool, now time.Time)
	c.done = func(cl *call, errText string) {
		if errText == "" {
			ok++
		} else {
			errs++
			if firstErr == "" {
				firstErr = errText
			}
		}
		record(cl, errText != "", time.Now())
	}
	request := func(i int64) []byte { return requests[i%int64(len(requests))] }

	closed := func(callers int, dur time.Duration) result {
		r := result{Mode: fmt.Sprintf("closed loop x%d", callers), Latencies: []float64{}, Lateness: []float64{}}
		ok, errs = 0, 0
		var sent int64
		due := callers // callers ready for their next call; started here, not inside record (a call that fails
		// at once, on a lost connection, would otherwise recurse)
		start := time.Now()
		until := start.Add(dur)
		record = func(cl *call, failed bool, now time.Time) {
			if !failed {
				r.Latencies = append(r.Latencies, ms(now.Sub(cl.sentAt)))
			}
			if now.Before(until) {
				due++
			}
		}
		for len(c.calls) > 0 || due > 0 {
			for ; due > 0; due-- {
				c.start(sent, request(sent), time.Now(), *deadline)
				sent++
			}
			if len(c.calls) > 0 {
				c.wait(min(50*time.Millisecond, max(time.Until(until), time.Millisecond)), nil)
				c.expire(time.Now())
			}
		}
		r.Seconds = time.Since(start).Seconds()
		r.Sent, r.Ok, r.Errors = sent, ok, errs
		return r
	}

	open := func() result {
		total := int64(*rps * *seconds)
		interval := time.Duration(float64(time.Second) / *rps)
		r := result{Mode: fmt.Sprintf("open loop %g rps", *rps)}
		latencies := make([]float64, total)
		answered := make([]bool, total)
		lateness := make([]float64, 0, total)
		ok, errs = 0, 0
		record = func(cl *call, failed bool, now time.Time) {
			if !failed {
				latencies[cl.index] = ms(now.Sub(cl.sentAt))
				answered[cl.index] = true
			}
		}
		// A periodic timer wakes the loop for each arrival; the arrival times are start + i*interval.
		timer, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
		if err == nil {
			err = c.watch(timer)
		}
		if err != nil {
			fail("creating the arrival timer: %v", err)
		}
		defer unix.Close(timer)
		start := time.Now()
		period := unix.NsecToTimespec(interval.Nanoseconds())
		if err := unix.TimerfdSettime(timer, 0, &unix.ItimerSpec{Interval: period, Value: period}, nil); err != nil {
			fail("arming the arrival timer: %v", err)
		}
		lastProgress := start
		var expirations [8]byte
		ready := make([]int, 0, 2)
		for r.Sent < total || len(c.calls) > 0 {
			now := time.Now()
			for r.Sent < total && !start.Add(time.Duration(r.Sent)*interval).After(now) {
				i := r.Sent
				r.Sent++
				if len(c.calls) >= *maxInFlight {
					r.Shed++
					continue
				}
				lateness = append(lateness, ms(now.Sub(start.Add(time.Duration(i)*interval))))
				c.start(i, request(i), now, *deadline)
			}
			if now.Sub(lastProgress) >= *progressEvery {
				lastProgress = now
				fmt.Fprintf(os.Stderr, "%d/%d sent, %d answered, %d in flight, %d errors, %d shed\n", r.Sent, total, ok, len(c.calls), errs, r.Shed)
			}
			c.expire(now)
			timeout := 50 * time.Millisecond
			if r.Sent < total {
				timeout = min(timeout, start.Add(time.Duration(r.Sent)*interval).Sub(now)+time.Millisecond)
			}
			ready = c.wait(timeout, ready[:0])
			if len(ready) > 0 {
				_, _ = rawRead(timer, expirations[:])
			}
		}
		r.Seconds = time.Since(start).Seconds()
		r.Ok, r.Errors = ok, errs
		r.Latencies = make([]float64, 0, ok)
		for i, a := range answered {
			if a {
				r.Latencies = append(r.Latencies, latencies[i])
			}
		}
		r.Lateness = lateness
		return r
	}

	var r result
	if *mode == "closed" {
		r = closed(*concurrency, time.Duration(*seconds*float64(time.Second)))
	} else {
		r = open()
	}
	r.FirstError = firstErr
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		fail("writing result: %v", err)
	}
}
