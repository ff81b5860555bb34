import { absolutePathProblem, descendingPathProblem, systemPathProblem } from '../../src/standards/filesystem';

describe('absolutePathProblem', () => {
  test.each(['/tmp', '/tmp/', '/var/cache/nginx', '/a.b/c..d/.e'])('accepts %p', path => {
    expect(absolutePathProblem(path)).toBeUndefined();
  });

  test.each([
    ['tmp', 'is not an absolute path'],
    ['', 'is not an absolute path'],
    ['/', 'is the root directory itself'],
    ['//', 'is the root directory itself'],
    ['//tmp', 'has an empty segment ("//")'],
    ['/tmp//x', 'has an empty segment ("//")'],
    ['/tmp/..', 'has a "." or ".." segment'],
    ['/./tmp', 'has a "." or ".." segment'],
    ['/c:/data', 'contains ":", which Kubernetes does not allow in a mount path'],
  ])('refuses %p', (path, problem) => {
    expect(absolutePathProblem(path)).toBe(problem);
  });
});

describe('systemPathProblem', () => {
  test.each(['/proc', '/proc/sys', '/sys', '/dev/shm'])('refuses %p for every mount', path => {
    expect(systemPathProblem(path, false)).toMatch(/kernel pseudo-filesystem/);
  });

  test.each(['/usr/bin', '/usr/bin/', '/usr/lib/python3', '/usr', '/usr/local', '/bin', '/lib64', '/etc'])('refuses %p for a writable mount only', path => {
    expect(systemPathProblem(path, true)).toBeDefined();
    expect(systemPathProblem(path, false)).toBeUndefined();
  });

  test.each(['/etc/ssl/certs', '/etc/ssl', '/etc/pki/tls', '/etc/sudoers.d', '/etc/cron.d', '/etc/cron.daily', '/etc/pam.d', '/etc/ld.so.conf.d', '/etc/profile.d', '/etc/ssh', '/etc/security/limits.d', '/etc/ca-certificates', '/etc/apt/sources.list.d'])('fails for a writable mount at %p: a system configuration directory programs trust', path => {
    expect(systemPathProblem(path, true)).toMatch(/would make .* writable/);
    expect(systemPathProblem(path, false)).toBeUndefined();
  });

  test.each(['/tmp', '/var', '/var/lib/data', '/etc/nginx', '/etc/nginx/conf.d', '/etc/app/ssl', '/etc/sslx', '/usr/share/nginx/html', '/opt/app', '/home/app', '/libfoo', '/usr/binx'])('accepts %p for a writable mount', path => {
    expect(systemPathProblem(path, true)).toBeUndefined();
  });
});

describe('descendingPathProblem', () => {
  test.each(['profile.json', 'profiles/api.json', 'a/b/c.json'])('accepts %p', path => {
    expect(descendingPathProblem(path)).toBeUndefined();
  });

  test.each([
    ['', 'is empty'],
    ['/profiles/api.json', 'is an absolute path'],
    ['../api.json', 'has a "." or ".." segment'],
    ['profiles/../../api.json', 'has a "." or ".." segment'],
    ['profiles//api.json', 'has an empty segment ("//")'],
    ['profiles/', 'ends with "/"'],
  ])('refuses %p', (path, problem) => {
    expect(descendingPathProblem(path)).toBe(problem);
  });
});
