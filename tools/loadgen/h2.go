package main

// A gRPC client for unary calls on one HTTP/2 connection, driven by one thread: epoll on the socket
// (and a timer, for the open loop), raw read/write system calls, HTTP/2 framing by hand and HPACK
// from golang.org/x/net.
//
// Why not grpc-go: at 500 calls a second, grpc-go's hand-offs between goroutines (caller, writer,
// reader) wake several OS threads per call, and the Go scheduler spins and sleeps around them. perf
// showed the generator using 27-34 % of a core for that, mostly in context switches, on the same two
// cores as the service it measures. Here a call costs two wake-ups of one thread: one to send, one to
// read the answer. The blocking system calls are raw (the Go scheduler does not see them), so it does
// not hand the thread's P around or wake its monitor thread on every call.

import (
	"encoding/binary"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/net/http2/hpack"
	"golang.org/x/sys/unix"
)

const (
	frameData         = 0x0
	frameHeaders      = 0x1
	frameRSTStream    = 0x3
	frameSettings     = 0x4
	framePing         = 0x6
	frameGoAway       = 0x7
	frameWindowUpdate = 0x8
	frameContinuation = 0x9

	flagEndStream  = 0x1
	flagAck        = 0x1
	flagEndHeaders = 0x4
	flagPadded     = 0x8
	flagPriority   = 0x20

	settingHeaderTableSize   = 0x1
	settingEnablePush        = 0x2
	settingInitialWindowSize = 0x4
	settingMaxFrameSize      = 0x5

	rstCancel = 0x8

	clientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
	// What this client lets the server send before it acknowledges: answers are small, so the
	// windows are only topped up once in a while.
	ourStreamWindow = 1 << 24
	ourConnWindow   = 1 << 30
)

// grpc-go's names for the status codes, so that errors read the same as before.
var codeNames = [...]string{"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
	"PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented", "Internal",
	"Unavailable", "DataLoss", "Unauthenticated"}

func codeName(c int) string {
	if c >= 0 && c < len(codeNames) {
		return codeNames[c]
	}
	return "Code(" + strconv.Itoa(c) + ")"
}

// call is one RPC on the connection.
type call struct {
	id       uint32
	index    int64 // which call of the run: its request and the slot of its latency
	sentAt   time.Time
	deadline time.Time
	pending  []byte // request DATA not yet sent (flow control)
	sendWin  int64
	received int64 // DATA bytes since the last stream WINDOW_UPDATE
	status   int   // grpc-status, -1 until it arrives
	message  string
	http     string // :status of the answer
}

type client struct {
	conn      net.Conn // owns the socket; read and written only through fd
	fd, epfd  int
	authority string
	path      string
	metadata  [][2]string
	timeout   string // grpc-timeout

	enc    *hpack.Encoder
	encBuf []byte
	dec    *hpack.Decoder
	fields []hpack.HeaderField

	headerStream uint32 // stream of the header block being received (CONTINUATION may follow)
	headerEnd    bool   // that block ends its stream
	headerBlock  []byte

	rbuf []byte
	rlen int
	wbuf []byte
	woff int
	out  bool // EPOLLOUT armed

	nextID      uint32
	calls       map[uint32]*call
	blocked     []*call // calls waiting for flow-control window
	connWin     int64
	peerInitWin int64
	peerFrame   int
	recvUnacked int64
	closing     string // why no new calls can start (GOAWAY, connection lost), "" while open
	events      []unix.EpollEvent

	// done is told about every call that ends: errText is "" for OK, else "Code: message".
	done func(c *call, errText string)
}

type encWriter struct{ c *client }

func (w encWriter) Write(p []byte) (int, error) {
	w.c.encBuf = append(w.c.encBuf, p...)
	return len(p), nil
}

// dial opens the connection and sends the HTTP/2 preface; the server's settings are read with the first answers.
func dial(addr, path string, metadata [][2]string, deadline time.Duration) (*client, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	raw, err := conn.(*net.TCPConn).SyscallConn()
	if err != nil {
		return nil, err
	}
	fd := -1
	if err := raw.Control(func(s uintptr) { fd = int(s) }); err != nil { // non-blocking already, TCP_NODELAY set by Go
		return nil, err
	}
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	c := &client{
		conn: conn, fd: fd, epfd: epfd, authority: addr, path: path, metadata: metadata,
		timeout: strconv.FormatInt(max(deadline.Milliseconds(), 1), 10) + "m",
		rbuf:    make([]byte, 1<<16), nextID: 1, calls: map[uint32]*call{},
		connWin: 65535, peerInitWin: 65535, peerFrame: 16384, events: make([]unix.EpollEvent, 8),
	}
	c.enc = hpack.NewEncoder(encWriter{c})
	c.dec = hpack.NewDecoder(4096, func(f hpack.HeaderField) { c.fields = append(c.fields, f) })
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)}); err != nil {
		return nil, err
	}
	c.wbuf = append(c.wbuf, clientPreface...)
	settings := make([]byte, 0, 12)
	settings = binary.BigEndian.AppendUint16(settings, settingEnablePush)
	settings = binary.BigEndian.AppendUint32(settings, 0)
	settings = binary.BigEndian.AppendUint16(settings, settingInitialWindowSize)
	settings = binary.BigEndian.AppendUint32(settings, ourStreamWindow)
	c.frame(frameSettings, 0, 0, settings)
	c.windowUpdate(0, ourConnWindow-65535)
	c.flush()
	return c, nil
}

// watch adds another file descriptor (the open loop's timer) to the poll set.
func (c *client) watch(fd int) error {
	return unix.EpollCtl(c.epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)})
}

func (c *client) frame(typ, flags byte, stream uint32, payload []byte) {
	n := len(payload)
	c.wbuf = append(c.wbuf, byte(n>>16), byte(n>>8), byte(n), typ, flags, byte(stream>>24)&0x7f, byte(stream>>16), byte(stream>>8), byte(stream))
	c.wbuf = append(c.wbuf, payload...)
}

func (c *client) windowUpdate(stream uint32, n int64) {
	var p [4]byte
	binary.BigEndian.PutUint32(p[:], uint32(n))
	c.frame(frameWindowUpdate, 0, stream, p[:])
}

func (c *client) rst(stream uint32, code uint32) {
	var p [4]byte
	binary.BigEndian.PutUint32(p[:], code)
	c.frame(frameRSTStream, 0, stream, p[:])
}

// start queues call `index` with its request (already framed: compression flag, length, message); the
// bytes go out at the next flush.
func (c *client) start(index int64, request []byte, now time.Time, deadline time.Duration) {
	cl := &call{index: index, sentAt: now, deadline: now.Add(deadline), status: -1}
	if c.closing != "" {
		c.done(cl, c.closing)
		return
	}
	cl.id = c.nextID
	c.nextID += 2
	c.encBuf = c.encBuf[:0]
	for _, f := range [...][2]string{{":method", "POST"}, {":scheme", "http"}, {":path", c.path}, {":authority", c.authority},
		{"content-type", "application/grpc"}, {"te", "trailers"}, {"grpc-timeout", c.timeout}, {"user-agent", "concierge-loadgen"}} {
		_ = c.enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	for _, f := range c.metadata {
		_ = c.enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	block, typ := c.encBuf, byte(frameHeaders)
	for {
		n := min(len(block), c.peerFrame)
		flags := byte(0)
		if n == len(block) {
			flags = flagEndHeaders
		}
		c.frame(typ, flags, cl.id, block[:n])
		block, typ = block[n:], frameContinuation
		if len(block) == 0 {
			break
		}
	}
	cl.pending, cl.sendWin = request, c.peerInitWin
	c.calls[cl.id] = cl
	if !c.sendData(cl) {
		c.blocked = append(c.blocked, cl)
	}
}

// sendData frames as much of the call's request as the windows allow; true once it is all out.
func (c *client) sendData(cl *call) bool {
	for len(cl.pending) > 0 {
		n := int(min(int64(len(cl.pending)), int64(c.peerFrame), c.connWin, cl.sendWin))
		if n <= 0 {
			return false
		}
		flags := byte(0)
		if n == len(cl.pending) {
			flags = flagEndStream
		}
		c.frame(frameData, flags, cl.id, cl.pending[:n])
		cl.pending = cl.pending[n:]
		c.connWin -= int64(n)
		cl.sendWin -= int64(n)
	}
	return true
}

func (c *client) unblock() {
	kept := c.blocked[:0]
	for _, cl := range c.blocked {
		if c.calls[cl.id] == cl && !c.sendData(cl) {
			kept = append(kept, cl)
		}
	}
	c.blocked = kept
}

func (c *client) finish(cl *call, errText string) {
	if c.calls[cl.id] != cl {
		return
	}
	delete(c.calls, cl.id)
	if len(cl.pending) > 0 { // answered before it was all sent: close our side too
		cl.pending = nil
		c.rst(cl.id, rstCancel)
	}
	c.done(cl, errText)
}

// lose ends every call in flight, and every later one, with the reason the connection is gone.
func (c *client) lose(reason string) {
	if c.closing == "" {
		c.closing = reason
	}
	for _, cl := range c.calls {
		delete(c.calls, cl.id)
		c.done(cl, reason)
	}
	c.blocked = c.blocked[:0]
	c.wbuf, c.woff = c.wbuf[:0], 0
}

func rawRead(fd int, p []byte) (int, syscall.Errno) {
	n, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	return int(n), e
}

func rawWrite(fd int, p []byte) (int, syscall.Errno) {
	n, _, e := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	return int(n), e
}

// flush writes what is queued; what the socket does not take now waits for EPOLLOUT.
func (c *client) flush() {
	for c.woff < len(c.wbuf) {
		n, e := rawWrite(c.fd, c.wbuf[c.woff:])
		switch {
		case e == syscall.EINTR:
			continue
		case e == syscall.EAGAIN:
			c.armOut(true)
			return
		case e != 0:
			c.lose("Unavailable: writing to the connection: " + e.Error())
			return
		}
		c.woff += n
	}
	c.wbuf, c.woff = c.wbuf[:0], 0
	c.armOut(false)
}

func (c *client) armOut(on bool) {
	if c.out == on {
		return
	}
	c.out = on
	ev := uint32(unix.EPOLLIN)
	if on {
		ev |= unix.EPOLLOUT
	}
	_ = unix.EpollCtl(c.epfd, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: ev, Fd: int32(c.fd)})
}

// wait sends what is queued, blocks up to `timeout` for the socket or a watched descriptor, handles what
// the socket brings (answers may queue frames: acknowledgements, the closed loop's next calls), sends
// again, and returns the watched descriptors that became readable.
func (c *client) wait(timeout time.Duration, ready []int) []int {
	c.flush()
	ms := int((timeout + time.Millisecond - 1) / time.Millisecond)
	n, _, e := syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, uintptr(c.epfd), uintptr(unsafe.Pointer(&c.events[0])), uintptr(len(c.events)), uintptr(ms), 0, 0)
	if e != 0 {
		n = 0 // EINTR: the runtime's preemption signal
	}
	for _, ev := range c.events[:n] {
		if int(ev.Fd) != c.fd {
			ready = append(ready, int(ev.Fd))
			continue
		}
		if ev.Events&(unix.EPOLLIN|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			c.read()
		}
	}
	c.flush()
	return ready
}

func (c *client) read() {
	for {
		if len(c.rbuf)-c.rlen < 16384+9 {
			c.rbuf = append(c.rbuf, make([]byte, len(c.rbuf))...)
		}
		n, e := rawRead(c.fd, c.rbuf[c.rlen:])
		if e == syscall.EINTR {
			continue
		}
		if e == syscall.EAGAIN {
			break
		}
		if e != 0 || n == 0 {
			reason := "Unavailable: the server closed the connection"
			if e != 0 {
				reason = "Unavailable: reading from the connection: " + e.Error()
			}
			c.parse()
			c.lose(reason)
			_ = unix.EpollCtl(c.epfd, unix.EPOLL_CTL_DEL, c.fd, nil)
			return
		}
		c.rlen += n
		c.parse()
	}
}

func (c *client) parse() {
	off := 0
	for c.rlen-off >= 9 {
		b := c.rbuf[off:]
		length := int(b[0])<<16 | int(b[1])<<8 | int(b[2])
		if c.rlen-off < 9+length {
			break
		}
		c.handle(b[3], b[4], binary.BigEndian.Uint32(b[5:9])&0x7fffffff, b[9:9+length])
		off += 9 + length
	}
	c.rlen = copy(c.rbuf, c.rbuf[off:c.rlen])
}

func (c *client) handle(typ, flags byte, stream uint32, p []byte) {
	switch typ {
	case frameData:
		c.recvUnacked += int64(len(p))
		cl := c.calls[stream]
		if cl != nil {
			cl.received += int64(len(p))
			if cl.received >= ourStreamWindow/2 {
				c.windowUpdate(stream, cl.received)
				cl.received = 0
			}
		}
		if c.recvUnacked >= 1<<20 {
			c.windowUpdate(0, c.recvUnacked)
			c.recvUnacked = 0
		}
		if cl != nil && flags&flagEndStream != 0 {
			c.finish(cl, "Internal: the server ended the stream without trailers")
		}
	case frameHeaders:
		if flags&flagPadded != 0 {
			if len(p) == 0 || int(p[0]) >= len(p) {
				c.lose("Internal: malformed HEADERS frame from the server (padding)")
				return
			}
			p = p[1 : len(p)-int(p[0])]
		}
		if flags&flagPriority != 0 {
			if len(p) < 5 {
				c.lose("Internal: malformed HEADERS frame from the server (priority)")
				return
			}
			p = p[5:]
		}
		c.headerStream, c.headerEnd = stream, flags&flagEndStream != 0
		c.headerBlock = append(c.headerBlock[:0], p...)
		if flags&flagEndHeaders != 0 {
			c.headers()
		}
	case frameContinuation:
		c.headerBlock = append(c.headerBlock, p...)
		if flags&flagEndHeaders != 0 {
			c.headers()
		}
	case frameRSTStream:
		if cl := c.calls[stream]; cl != nil && len(p) >= 4 {
			c.finish(cl, rstError(binary.BigEndian.Uint32(p)))
		}
	case frameSettings:
		if flags&flagAck != 0 {
			return
		}
		for ; len(p) >= 6; p = p[6:] {
			v := binary.BigEndian.Uint32(p[2:6])
			switch binary.BigEndian.Uint16(p) {
			case settingHeaderTableSize:
				c.enc.SetMaxDynamicTableSizeLimit(v)
			case settingInitialWindowSize:
				delta := int64(v) - c.peerInitWin
				for _, cl := range c.calls {
					cl.sendWin += delta
				}
				c.peerInitWin = int64(v)
			case settingMaxFrameSize:
				c.peerFrame = int(v)
			}
		}
		c.frame(frameSettings, flagAck, 0, nil)
		c.unblock()
	case framePing:
		if flags&flagAck == 0 {
			c.frame(framePing, flagAck, 0, p)
		}
	case frameGoAway:
		if len(p) < 8 {
			return
		}
		last := binary.BigEndian.Uint32(p) & 0x7fffffff
		reason := fmt.Sprintf("Unavailable: the server is going away (GOAWAY code %d %s)", binary.BigEndian.Uint32(p[4:8]), strings.TrimSpace(string(p[8:])))
		c.closing = reason
		for id, cl := range c.calls {
			if id > last {
				delete(c.calls, id)
				c.done(cl, reason)
			}
		}
	case frameWindowUpdate:
		if len(p) < 4 {
			return
		}
		inc := int64(binary.BigEndian.Uint32(p) & 0x7fffffff)
		if stream == 0 {
			c.connWin += inc
		} else if cl := c.calls[stream]; cl != nil {
			cl.sendWin += inc
		}
		c.unblock()
	}
}

// headers decodes a complete header block (always, to keep the HPACK table in step) and applies it to its call.
func (c *client) headers() {
	c.fields = c.fields[:0]
	_, err := c.dec.Write(c.headerBlock)
	if err == nil {
		err = c.dec.Close()
	}
	if err != nil {
		c.lose("Internal: undecodable headers from the server: " + err.Error())
		return
	}
	cl := c.calls[c.headerStream]
	if cl == nil {
		return
	}
	for _, f := range c.fields {
		switch f.Name {
		case ":status":
			cl.http = f.Value
		case "grpc-status":
			if s, err := strconv.Atoi(f.Value); err == nil {
				cl.status = s
			}
		case "grpc-message":
			cl.message = percentDecode(f.Value)
		}
	}
	if !c.headerEnd {
		return
	}
	switch {
	case cl.status == 0:
		c.finish(cl, "")
	case cl.status > 0:
		c.finish(cl, codeName(cl.status)+": "+cl.message)
	case cl.http != "" && cl.http != "200":
		c.finish(cl, "Unavailable: HTTP status "+cl.http)
	default:
		c.finish(cl, "Internal: trailers without grpc-status")
	}
}

// expire ends the calls past their deadline, as the server should have.
func (c *client) expire(now time.Time) {
	for _, cl := range c.calls {
		if now.After(cl.deadline) {
			delete(c.calls, cl.id)
			c.rst(cl.id, rstCancel)
			c.done(cl, "DeadlineExceeded: context deadline exceeded")
		}
	}
}

func (c *client) close() {
	_ = unix.Close(c.epfd)
	_ = c.conn.Close()
}

// rstError is what grpc-go reports for a stream the server reset.
func rstError(code uint32) string {
	name := map[uint32]string{0x7: "Unavailable", 0x8: "Canceled", 0xb: "ResourceExhausted", 0xc: "PermissionDenied"}[code]
	if name == "" {
		name = "Internal"
	}
	return fmt.Sprintf("%s: stream terminated by RST_STREAM with error code %d", name, code)
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}
