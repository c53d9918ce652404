import React, { useEffect, useRef, useState } from 'react';
import _auth from '@netuno/auth-client';
import _service from '@netuno/service-client';

export default function App() {
  const [logged, setLogged] = useState(_auth.isLogged());
  const [profile, setProfile] = useState(null);
  const inputUsername = useRef(null);
  const inputPassword = useRef(null);

  useEffect(() => {
    _auth.config({
      onLogin: () => setLogged(true),
      onLogout: () => {
        setLogged(false);
        setProfile(null);
      }
    });
  }, []);

  const handleLogin = () => {
    _auth.login({
      username: inputUsername.current.value,
      password: inputPassword.current.value,
      success: () => {
        alert('Login success.');
      },
      fail: () => {
        alert('Login fail.');
      }
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
    _auth.logout();
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
      </p>
      {profile && <p id="profile">{profile.name} ({profile.group})</p>}
    </div>
  );
}
