import React, { useEffect, useRef, useState } from 'react';
import _auth from '@netuno/auth-client';
import _service from '@netuno/service-client';

export default function App() {
  const [logged, setLogged] = useState(_auth.isLogged());
  const [profile, setProfile] = useState(null);
  const [extra, setExtra] = useState(null);
  const [loggedOut, setLoggedOut] = useState(false);
  const inputUsername = useRef(null);
  const inputPassword = useRef(null);

  // As reauthkit does: the profile is loaded in onLogin, which also fires for a session found
  // on a page load.
  const loadProfile = () => {
    _service({
      url: 'profile',
      success: (response) => setProfile(response.json),
      fail: () => setProfile(null)
    });
  };

  useEffect(() => {
    _auth.config({
      onLogin: () => {
        setLogged(true);
        loadProfile();
      },
      onLogout: () => {
        setLogged(false);
        setProfile(null);
      }
    });
    if (_auth.isLogged()) {
      loadProfile();
    }
  }, []);

  const handleLogin = () => {
    _auth.login({
      username: inputUsername.current.value,
      password: inputPassword.current.value,
      // reauthkit adds its altcha payload to the body so.
      data: (data) => {
        data.altcha = 'valid';
        return data;
      },
      success: ({ json }) => {
        setExtra(json.extra);
        alert('Login success.');
      },
      fail: (data) => {
        if (data.isJSON && data.json && data.json.locked) {
          alert('Login locked.');
          return;
        }
        alert('Login fail.');
      }
    });
  };
  // A token got elsewhere (reauthkit's provider login) is loaded through config().token.load.
  const handleTokenLogin = () => {
    _service({
      url: '_auth',
      method: 'POST',
      data: { username: 'supplier', password: 'secret', jwt: true, altcha: 'valid' },
      success: async ({ json }) => {
        const authConfig = await _auth.config();
        alert(authConfig.token.load(authConfig, json) ? 'Token loaded.' : 'Token refused.');
      },
      fail: () => alert('Token fail.')
    });
  };
  const handleIsLogged = () => {
    alert(_auth.isLogged() ? 'YES' : 'NO');
  };
  const handleRefreshToken = () => {
    _auth.refreshToken({
      success: () => {
        alert('Refresh success.');
      },
      fail: () => {
        alert('Refresh fail.');
      }
    });
  };
  const handleProfile = () => {
    _service({
      url: 'profile',
      success: (response) => {
        setProfile(response.json);
      },
      fail: (e) => {
        setProfile(null);
        alert(`Profile fail: ${e.status}.`);
      }
    });
  };
  const handleLogout = () => {
    _auth.logout().then(() => setLoggedOut(true));
  };

  return (
    <div className="App">
      <h4 id="status">{logged ? 'Logged in.' : 'Logged out.'}</h4>
      {!logged && (
        <div id="login">
          <p><input id="username" ref={inputUsername} type="text" placeholder="Username" /></p>
          <p><input id="password" ref={inputPassword} type="password" placeholder="Password" /></p>
          <button id="login-button" type="button" onClick={handleLogin}>Login</button>
        </div>
      )}
      <p>
        <button id="is-logged-button" type="button" onClick={handleIsLogged}>Is Logged?</button>
        <button id="refresh-button" type="button" onClick={handleRefreshToken}>Refresh</button>
        <button id="profile-button" type="button" onClick={handleProfile}>Profile</button>
        <button id="logout-button" type="button" onClick={handleLogout}>Logout</button>
        <button id="token-login-button" type="button" onClick={handleTokenLogin}>Token login</button>
      </p>
      {profile && <p id="profile">{profile.name} ({profile.group})</p>}
      {extra && <p id="extra">{JSON.stringify(extra)}</p>}
      {loggedOut && <p id="logged-out">logout() resolved.</p>}
    </div>
  );
}
